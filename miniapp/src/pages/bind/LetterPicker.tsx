import { useRef } from "react";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { isH5 } from "../../lib/nav";
import { LETTER_ACCEPT, chooseWeappLetter, fileSizeText, readBrowserLetter, type PickedLetter } from "../../lib/letter";

/**
 * 上传授权书: weapp picks from a chat (PDF or image) or takes a photo; H5 opens the browser's
 * file chooser. The file is checked (type, 2 MB) and read as base64 here, before any upload.
 */
export function LetterPicker({
  letter,
  onPicked,
  onError,
}: {
  letter?: PickedLetter;
  onPicked: (letter: PickedLetter) => void;
  onError: (message: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);

  function take(pending: Promise<PickedLetter | undefined>) {
    pending.then(
      (picked) => picked && onPicked(picked),
      (e: unknown) => onError(e instanceof Error ? e.message : "读取文件失败，请重新选择"),
    );
  }

  function onBrowserFile(files: FileList | null) {
    const file = files?.[0];
    if (input.current) input.current.value = "";
    if (file) take(readBrowserLetter(file));
  }

  return (
    <View className="letter" data-testid="mandate-letter">
      <View className="letter__hint">请上传加盖企业公章的《经办人授权委托书》，PDF、JPG 或 PNG，不超过 2MB。</View>
      {letter ? (
        <View className="letter__picked" data-testid="mandate-letter-picked">
          <Text className="letter__name">{letter.fileName}</Text>
          <Text className="muted">{fileSizeText(letter.size)}</Text>
        </View>
      ) : null}
      {isH5 ? (
        <View className="letter__buttons">
          <input
            ref={input}
            className="letter__input"
            type="file"
            accept={LETTER_ACCEPT}
            data-testid="mandate-letter-input"
            onChange={(e) => onBrowserFile(e.currentTarget.files)}
          />
          <Button data-testid="mandate-letter-choose" size="small" type="primary" fill="outline" onClick={() => input.current?.click()}>
            {letter ? "重新选择" : "选择文件"}
          </Button>
        </View>
      ) : (
        <View className="letter__buttons">
          <Button size="small" type="primary" fill="outline" onClick={() => take(chooseWeappLetter("chat"))}>
            从聊天记录选择
          </Button>
          <Button size="small" type="primary" fill="outline" onClick={() => take(chooseWeappLetter("photo"))}>
            拍照或从相册选择
          </Button>
        </View>
      )}
    </View>
  );
}
