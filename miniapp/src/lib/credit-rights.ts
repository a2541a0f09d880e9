import Taro from "@tarojs/taro";
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  ATTACHMENTS_MAX_COUNT,
  type TAttachmentType,
  type TAttachmentUpload,
  PENALTY_SEVERITY_LABELS,
  type TObjectionStatus,
  type TPenaltySeverity,
  type TRecordRights,
  type TRepairStatus,
} from "@xinyi/shared";
import { dayText } from "./loans";
import { fileSizeText } from "./letter";

/** 异议 and 信用修复 for the subject: files they attach, the tone of a case's status, dates in words. */

export { ATTACHMENTS_MAX_COUNT, fileSizeText };

/** A file picked for upload, read and checked, with its size for the form to show. */
export interface PickedFile extends TAttachmentUpload {
  size: number;
  /** Stable within the form, so that removing one file leaves the others' rows alone. */
  key: string;
}

export const ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png";
export const ATTACHMENT_HINT = `PDF、JPG 或 PNG，每个不超过 5MB，最多 ${ATTACHMENTS_MAX_COUNT} 个`;

const BY_EXTENSION: Record<string, TAttachmentType> = { pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png" };

/** The same words as the server's schema, so the person meets one message whichever side refuses. */
const WRONG_TYPE = "附件须为 PDF、JPG 或 PNG 文件";
const TOO_LARGE = "单个附件不能超过 5MB";

let keySeq = 0;

function fileType(name: string, mime?: string): TAttachmentType | undefined {
  if (mime && (ATTACHMENT_TYPES as readonly string[]).includes(mime)) return mime as TAttachmentType;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

/** Type and size before reading; throws an Error naming the file and what is wrong. */
function checkFile(name: string, size: number, mime?: string): TAttachmentType {
  const contentType = fileType(name, mime);
  if (!contentType) throw new Error(`「${name}」：${WRONG_TYPE}`);
  if (size > ATTACHMENT_MAX_BYTES) throw new Error(`「${name}」：${TOO_LARGE}`);
  if (size === 0) throw new Error(`「${name}」是空文件，请重新选择`);
  return contentType;
}

/** H5: a File from an <input type="file">, read as base64. */
export async function readBrowserFile(file: File): Promise<PickedFile> {
  const contentType = checkFile(file.name, file.size, file.type);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === "string" ? reader.result : "";
      resolve({ key: `f${++keySeq}`, fileName: file.name.slice(-100), contentType, dataBase64: url.slice(url.indexOf(",") + 1), size: file.size });
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

function cancelled(err: unknown): boolean {
  const msg = typeof err === "object" && err !== null && "errMsg" in err ? String((err as { errMsg: unknown }).errMsg) : "";
  return msg.includes("cancel");
}

/** weapp: files from a chat (PDF or image) or photos; `room` is how many more the form takes. [] when cancelled. */
export async function chooseWeappFiles(from: "chat" | "photo", room: number, baseName: string): Promise<PickedFile[]> {
  let picked: { path: string; size: number; name: string }[];
  try {
    if (from === "chat") {
      const res = await Taro.chooseMessageFile({ count: room, type: "file", extension: ["pdf", "jpg", "jpeg", "png"] });
      picked = res.tempFiles.map((f) => ({ path: f.path, size: f.size, name: f.name }));
    } else {
      const res = await Taro.chooseImage({ count: room, sizeType: ["compressed"], sourceType: ["album", "camera"] });
      picked = res.tempFiles.map((f, i) => ({ path: f.path, size: f.size, name: `${baseName}${i + 1}.${/\.png$/i.test(f.path) ? "png" : "jpg"}` }));
    }
  } catch (err) {
    if (cancelled(err)) return [];
    throw new Error("未能打开文件选择，请重试");
  }
  const out: PickedFile[] = [];
  for (const f of picked) {
    const contentType = checkFile(f.name, f.size);
    out.push({ key: `f${++keySeq}`, fileName: f.name.slice(-100), contentType, dataBase64: await readWeappFile(f.path), size: f.size });
  }
  return out;
}

/** What the server takes of a picked file. */
export function toUpload(f: PickedFile): TAttachmentUpload {
  return { fileName: f.fileName, contentType: f.contentType, dataBase64: f.dataBase64 };
}

export type CaseTone = "progress" | "ok" | "fail" | "done";

/** 异议: open cases in progress; corrected is the person's win, upheld / declined are not. */
export function objectionTone(status: TObjectionStatus): CaseTone {
  if (status === "corrected") return "ok";
  if (status === "upheld" || status === "declined") return "fail";
  return "progress";
}

export function repairTone(status: TRepairStatus): CaseTone {
  return status === "granted" ? "ok" : status === "rejected" ? "fail" : "progress";
}

/** A Beijing date of the server ("2026-12-08") in words: "2026年12月8日". */
export function dateText(day: string | undefined): string {
  return day ? dayText(day) : "";
}

/** The line under a record's dates: what the rule is, in words a person reads. */
export function ruleText(r: Pick<TRecordRights, "rule" | "kindLabel">): string | undefined {
  if (!r.rule) return undefined;
  const { minMonths, maxMonths, repairable } = r.rule;
  const span = maxMonths % 12 === 0 ? `${maxMonths / 12} 年` : `${maxMonths} 个月`;
  return repairable
    ? `按现行规定，此类记录自决定之日起满 ${minMonths} 个月可申请信用修复，满 ${span}后不再计入信用评价`
    : `按现行规定，此类记录不适用提前修复，自决定之日起满 ${span}后不再计入信用评价`;
}

/**
 * Keys a file list's refusals come under: the list itself ("attachments": too many) and each file's
 * fields ("attachments.2.dataBase64": too large, wrong type), so a form can take them from the server.
 */
export function fileIssueKeys(field: string, max: number = ATTACHMENTS_MAX_COUNT): string[] {
  const keys = [field];
  for (let i = 0; i < max; i++) for (const f of ["fileName", "contentType", "dataBase64"]) keys.push(`${field}.${i}.${f}`);
  return keys;
}

/** The first refusal of a file list, naming the file it is about: "「发票.png」：单个附件不能超过 5MB". */
export function fileIssue(issues: Record<string, string>, field: string, files: readonly Pick<PickedFile, "fileName">[]): string | undefined {
  for (const [key, message] of Object.entries(issues)) {
    if (key === field) return message;
    const m = new RegExp(`^${field}\\.(\\d+)\\.`).exec(key);
    if (m) {
      const name = files[Number(m[1])]?.fileName;
      // The server's message usually names the file already.
      return name && !message.includes(name) ? `「${name}」：${message}` : message;
    }
  }
  return undefined;
}

/** Which picked file a refusal is about (its index), to mark its row. */
export function fileIssueIndex(issues: Record<string, string>, field: string): number | undefined {
  for (const key of Object.keys(issues)) {
    const m = new RegExp(`^${field}\\.(\\d+)\\.`).exec(key);
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** "行政处罚（一般）" from the rights' kind label and severity. */
export function kindWithSeverity(kindLabel: string, severity: TPenaltySeverity | undefined): string {
  return severity ? `${kindLabel}（${PENALTY_SEVERITY_LABELS[severity]}）` : kindLabel;
}
