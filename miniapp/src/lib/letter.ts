import Taro from "@tarojs/taro";
import { MANDATE_LETTER_MAX_BYTES, MANDATE_LETTER_TYPES, type TMandateLetterUpload } from "@xinyi/shared";

/** The authorization letter (授权书) a mandate request carries: PDF, JPG or PNG, at most 2 MB. */

type TLetterType = (typeof MANDATE_LETTER_TYPES)[number];

const BY_EXTENSION: Record<string, TLetterType> = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" };

/** A letter the user picked, read and checked, with its size for the form to show. */
export interface PickedLetter extends TMandateLetterUpload {
  size: number;
}

export const LETTER_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";

/** The same words as the server's schema, so the user meets one message whichever side refuses. */
const WRONG_TYPE = "授权书须为 PDF、JPG 或 PNG 文件";
const TOO_LARGE = "授权书文件不能超过 2MB";

/** The letter's content type from its MIME type (when the platform gives one) or its extension. */
function letterType(name: string, mime?: string): TLetterType | undefined {
  if (mime && (MANDATE_LETTER_TYPES as readonly string[]).includes(mime)) return mime as TLetterType;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

/** Checks type and size before reading the file; throws an Error with the message to show. */
function checkLetter(name: string, size: number, mime?: string): TLetterType {
  const contentType = letterType(name, mime);
  if (!contentType) throw new Error(WRONG_TYPE);
  if (size > MANDATE_LETTER_MAX_BYTES) throw new Error(TOO_LARGE);
  if (size === 0) throw new Error("所选文件是空的，请重新选择");
  return contentType;
}

/** "1.2 MB", "356 KB". */
export function fileSizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** H5: a File from an <input type="file">, read as base64. */
export async function readBrowserLetter(file: File): Promise<PickedLetter> {
  const contentType = checkLetter(file.name, file.size, file.type);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve({ fileName: file.name.slice(-100), contentType, dataBase64: url.slice(url.indexOf(",") + 1), size: file.size });
    };
    reader.onerror = () => reject(new Error("读取文件失败，请重新选择"));
    reader.readAsDataURL(file);
  });
}

function readWeappFile(filePath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath,
      encoding: "base64",
      success: (res) => resolve(typeof res.data === "string" ? res.data : ""),
      fail: () => reject(new Error("读取文件失败，请重新选择")),
    });
  });
}

/** A cancelled picker resolves undefined. */
function cancelled(err: unknown): boolean {
  const msg = typeof err === "object" && err !== null && "errMsg" in err ? String((err as { errMsg: unknown }).errMsg) : "";
  return msg.includes("cancel");
}

/**
 * weapp: pick the letter from a chat (PDF or image, chooseMessageFile) or take / choose a photo
 * of it (chooseImage). Resolves undefined when the user cancels.
 */
export async function chooseWeappLetter(from: "chat" | "photo"): Promise<PickedLetter | undefined> {
  let picked: { path: string; size: number; name: string };
  try {
    if (from === "chat") {
      const res = await Taro.chooseMessageFile({ count: 1, type: "file", extension: ["pdf", "jpg", "jpeg", "png"] });
      const f = res.tempFiles[0];
      if (!f) return undefined;
      picked = { path: f.path, size: f.size, name: f.name };
    } else {
      const res = await Taro.chooseImage({ count: 1, sizeType: ["compressed"], sourceType: ["album", "camera"] });
      const f = res.tempFiles[0];
      if (!f) return undefined;
      const ext = /\.png$/i.test(f.path) ? "png" : "jpg";
      picked = { path: f.path, size: f.size, name: `授权书.${ext}` };
    }
  } catch (err) {
    if (cancelled(err)) return undefined;
    throw new Error("未能打开文件选择，请重试");
  }
  const contentType = checkLetter(picked.name, picked.size);
  return { fileName: picked.name.slice(-100), contentType, dataBase64: await readWeappFile(picked.path), size: picked.size };
}
