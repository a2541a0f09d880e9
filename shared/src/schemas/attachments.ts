import { z } from "zod";
import { ZObjectId, ZTimestamp } from "./common";

/**
 * Files a subject (or a department) attaches to a case: an objection's evidence, a repair's
 * proofs. PDF, JPG or PNG, at most 5 MB each once decoded. The declared type is checked
 * against the file's first bytes on the server; the name and the declared type prove nothing.
 */
export const ATTACHMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;
export type TAttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;
/** Most files one submission may carry. */
export const ATTACHMENTS_MAX_COUNT = 5;

export const ATTACHMENT_OWNER_KINDS = ["objection", "repair"] as const;
export type TAttachmentOwnerKind = (typeof ATTACHMENT_OWNER_KINDS)[number];

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes a (valid, padded or not) base64 string decodes to, without decoding it. */
export function base64DecodedSize(value: string): number {
  const padding = value.endsWith("==") ? 2 : value.endsWith("=") ? 1 : 0;
  return Math.floor((value.length * 3) / 4) - padding;
}

export const ZAttachmentUpload = z.object({
  fileName: z
    .string()
    .trim()
    .min(1, "请填写文件名")
    .max(100, "文件名最多100个字")
    .regex(/^[^\u0000-\u001F\u007F/\\]+$/, "文件名不能包含控制字符或斜杠"),
  contentType: z.enum(ATTACHMENT_TYPES, { error: "附件须为 PDF、JPG 或 PNG 文件" }),
  /** The file, base64; at most 5 MB once decoded. */
  dataBase64: z
    .string()
    // A cheap bound before the pattern runs over a huge string.
    .max(Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 4, "单个附件不能超过 5MB")
    .regex(BASE64, "文件内容不是有效的 base64")
    .refine((v) => v.length > 0, "文件内容为空")
    .refine((v) => base64DecodedSize(v) <= ATTACHMENT_MAX_BYTES, "单个附件不能超过 5MB"),
});
export type TAttachmentUpload = z.infer<typeof ZAttachmentUpload>;

/** Up to five files; the route names each offending one by its index (body.attachments.2.dataBase64). */
export const ZAttachmentUploads = z.array(ZAttachmentUpload).max(ATTACHMENTS_MAX_COUNT, `最多上传${ATTACHMENTS_MAX_COUNT}个附件`);

/** A stored file as its case shows it; the content is fetched from `downloadPath` with the access token. */
export const ZAttachment = z
  .object({
    id: ZObjectId,
    fileName: z.string(),
    contentType: z.enum(ATTACHMENT_TYPES),
    size: z.number().int().nonnegative(),
    /** Relative to /api/v1. */
    downloadPath: z.string(),
    at: ZTimestamp,
  })
  .meta({ id: "Attachment" });
export type TAttachment = z.infer<typeof ZAttachment>;
