import { useRef } from "react";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { Close } from "@nutui/icons-react-taro";
import { isH5 } from "../lib/nav";
import { ATTACHMENT_ACCEPT, ATTACHMENT_HINT, chooseWeappFiles, fileSizeText, readBrowserFile, type PickedFile } from "../lib/credit-rights";
import "./AttachmentPicker.scss";

/**
 * Files for an objection or a repair: weapp picks from a chat (PDF or image) or takes photos; H5
 * opens the browser's file chooser (several at once). Each file is checked (type, 5 MB) and read
 * as base64 here, before any upload; a refused file is named in the message, the others are kept.
 * Test ids: `<testId>-input` (H5 file input), `<testId>-choose`, `<testId>-file` rows with their `-remove`.
 */
export function AttachmentPicker({
  files,
  onChange,
  onError,
  max,
  testId,
  baseName,
  hint,
  flagged,
}: {
  files: readonly PickedFile[];
  onChange: (files: PickedFile[]) => void;
  /** A message for the form to show at the field; undefined clears it. */
  onError: (message: string | undefined) => void;
  max: number;
  testId: string;
  /** Photos have no names: "证明材料1.jpg". */
  baseName: string;
  hint?: string;
  /** The index of a file the server refused: its row is marked. */
  flagged?: number;
}) {
  const input = useRef<HTMLInputElement>(null);
  const room = max - files.length;

  function add(pending: Promise<PickedFile[] | { picked: PickedFile[]; refused: string[] }>) {
    pending.then(
      (result) => {
        const { picked, refused } = Array.isArray(result) ? { picked: result, refused: [] as string[] } : result;
        const kept = picked.slice(0, Math.max(0, room));
        if (kept.length) onChange([...files, ...kept]);
        const problems = [...refused, ...(kept.length < picked.length ? [`最多上传 ${max} 个文件，多选的未添加`] : [])];
        // The good files are kept; the refused ones are named, so the person knows which to replace.
        onError(problems.length ? problems.join("；") : undefined);
      },
      (e: unknown) => onError(e instanceof Error ? e.message : "读取文件失败，请重新选择"),
    );
  }

  async function readAll(list: File[]): Promise<{ picked: PickedFile[]; refused: string[] }> {
    const picked: PickedFile[] = [];
    const refused: string[] = [];
    for (const f of list) {
      try {
        picked.push(await readBrowserFile(f));
      } catch (e) {
        refused.push(e instanceof Error ? e.message : `「${f.name}」读取失败`);
      }
    }
    return { picked, refused };
  }

  function onBrowserFiles(list: FileList | null) {
    const chosen = list ? Array.from(list) : [];
    if (input.current) input.current.value = "";
    if (chosen.length) add(readAll(chosen));
  }

  function remove(key: string) {
    onChange(files.filter((f) => f.key !== key));
    onError(undefined);
  }

  return (
    <View className="attach" data-testid={testId} data-count={String(files.length)}>
      <View className="attach__hint">{hint ?? ATTACHMENT_HINT}</View>
      {files.map((f, i) => (
        <View key={f.key} className={`attach__file${i === flagged ? " attach__file--bad" : ""}`} data-testid={`${testId}-file`} data-name={f.fileName} data-bad={String(i === flagged)}>
          <Text className={`attach__type attach__type--${f.contentType === "application/pdf" ? "pdf" : "img"}`}>{f.contentType === "application/pdf" ? "PDF" : "图片"}</Text>
          <Text className="attach__name">{f.fileName}</Text>
          <Text className="attach__size">{fileSizeText(f.size)}</Text>
          <View className="attach__remove" data-testid={`${testId}-remove`} onClick={() => remove(f.key)}>
            <Close size={12} color="#86909c" />
          </View>
        </View>
      ))}
      {room > 0 ? (
        isH5 ? (
          <View className="attach__buttons">
            <input
              ref={input}
              className="attach__input"
              type="file"
              multiple
              accept={ATTACHMENT_ACCEPT}
              data-testid={`${testId}-input`}
              onChange={(e) => onBrowserFiles(e.currentTarget.files)}
            />
            <Button data-testid={`${testId}-choose`} size="small" type="primary" fill="outline" onClick={() => input.current?.click()}>
              {files.length ? "继续添加" : "选择文件"}
            </Button>
          </View>
        ) : (
          <View className="attach__buttons">
            <Button size="small" type="primary" fill="outline" onClick={() => add(chooseWeappFiles("chat", room, baseName))}>
              从聊天记录选择
            </Button>
            <Button size="small" type="primary" fill="outline" onClick={() => add(chooseWeappFiles("photo", room, baseName))}>
              拍照或从相册选择
            </Button>
          </View>
        )
      ) : (
        <View className="attach__full">已达 {max} 个文件上限</View>
      )}
    </View>
  );
}
