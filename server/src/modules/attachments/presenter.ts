import type { TAttachment, TAttachmentType } from "@xinyi/shared";
import type { Attachment } from "./model";

export function attachmentPath(id: string): string {
  return `/attachments/${id}`;
}

export function presentAttachment(a: Omit<Attachment, "data">): TAttachment {
  const id = a._id.toHexString();
  return { id, fileName: a.fileName, contentType: a.contentType as TAttachmentType, size: a.size, downloadPath: attachmentPath(id), at: a.at.toISOString() };
}
