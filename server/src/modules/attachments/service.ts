import { Types } from "mongoose";
import type { z } from "zod";
import { ZAttachmentUpload, ZAttachmentUploads, type TAttachment, type TAttachmentOwnerKind, type TAttachmentType, type TAttachmentUpload, type TValidationIssue } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { confirmedFileType } from "../../infra/file-types";
import { audit } from "../audit/service";
import { AttachmentModel, type Attachment } from "./model";
import { presentAttachment } from "./presenter";

/**
 * An upload whose content was decoded and found to be of its declared type. `id` may be chosen
 * beforehand, when a case's step names the file before it is stored.
 */
export type CheckedUpload = { fileName: string; contentType: TAttachmentType; data: Buffer; id?: Types.ObjectId };

/**
 * Decodes and checks every file before anything is stored, so a refusal leaves nothing
 * behind. `path` is where the list sits in the request (e.g. "body.attachments"), so each
 * issue names the offending file: "body.attachments.2.dataBase64".
 * The schema is applied again here because services are also called from jobs and tests.
 */
export function checkAttachments(uploads: readonly TAttachmentUpload[], path: string): CheckedUpload[] {
  return checkFiles(ZAttachmentUploads, uploads, path, (index) => `${path}.${index}`);
}

/** The same for one file sent on its own (e.g. body.answerAttachment). */
export function checkAttachment(upload: TAttachmentUpload, path: string): CheckedUpload {
  return checkFiles(ZAttachmentUpload.transform((u) => [u]), upload, path, () => path)[0]!;
}

function checkFiles(schema: z.ZodType<TAttachmentUpload[]>, input: unknown, path: string, pathOf: (index: number) => string): CheckedUpload[] {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: [path, ...i.path.map(String)].join("."), message: i.message }));
    throw new AppError("VALIDATION_FAILED", issues[0]!.message, { issues });
  }
  const issues: TValidationIssue[] = [];
  const checked = parsed.data.map((u, index) => {
    const data = Buffer.from(u.dataBase64, "base64");
    if (confirmedFileType(data, u.contentType) === null) {
      issues.push({ path: `${pathOf(index)}.dataBase64`, message: `“${u.fileName}”的内容不是 PDF、JPG 或 PNG 文件，或与所选类型不符` });
    }
    return { fileName: u.fileName, contentType: u.contentType, data };
  });
  if (issues.length > 0) throw new AppError("VALIDATION_FAILED", "附件内容与类型不符，请上传 PDF、JPG 或 PNG 文件", { issues });
  return checked;
}

/**
 * Stores a case's files (all checked first: a bad one stores none) and answers their
 * metadata as the case shows it. Accepts files already checked, so a service can check
 * early, before its own first write, and store once its case exists.
 */
export async function storeAttachments(
  ownerKind: TAttachmentOwnerKind,
  ownerId: Types.ObjectId | string,
  uploads: readonly (TAttachmentUpload | CheckedUpload)[],
  path: string,
  now: Date = new Date(),
): Promise<TAttachment[]> {
  const files = uploads.every((u): u is CheckedUpload => "data" in u) ? uploads : checkAttachments(uploads as TAttachmentUpload[], path);
  const owner = typeof ownerId === "string" ? new Types.ObjectId(ownerId) : ownerId;
  const stored: TAttachment[] = [];
  // One insert per file: five 5 MB files in one command would approach the wire-message limit.
  for (const f of files) {
    const doc = { _id: f.id ?? new Types.ObjectId(), ownerKind, ownerId: owner, fileName: f.fileName, contentType: f.contentType, size: f.data.length, at: now };
    await AttachmentModel.create({ ...doc, data: f.data });
    stored.push(presentAttachment(doc));
  }
  return stored;
}

/** The files of one case (metadata only), oldest first. */
export async function attachmentsOf(ownerKind: TAttachmentOwnerKind, ownerIds: Types.ObjectId | readonly Types.ObjectId[]): Promise<Map<string, TAttachment[]>> {
  const ids = Array.isArray(ownerIds) ? ownerIds : [ownerIds as Types.ObjectId];
  const docs = await AttachmentModel.find({ ownerKind, ownerId: { $in: ids } }, { data: 0 }).sort({ at: 1, _id: 1 }).lean<Omit<Attachment, "data">[]>();
  const byOwner = new Map<string, TAttachment[]>(ids.map((id) => [id.toHexString(), []]));
  for (const d of docs) byOwner.get(d.ownerId.toHexString())?.push(presentAttachment(d));
  return byOwner;
}

/**
 * Who may read a case's files is decided by the module that owns the case (the subject of
 * the case and the administrators who may see it; a case may keep some of its files from the
 * subject, e.g. a department's answer). Each registers its check when the app is built; a kind
 * nobody registered reads as not found.
 */
export type AttachmentAccess = (actor: Actor, file: { id: Types.ObjectId; ownerId: Types.ObjectId }) => Promise<boolean>;
const access = new Map<TAttachmentOwnerKind, AttachmentAccess>();

/** Registering a kind again replaces it (each app built in a process registers the same checks). */
export function registerAttachmentAccess(ownerKind: TAttachmentOwnerKind, canRead: AttachmentAccess): void {
  access.set(ownerKind, canRead);
}

/** One file, for someone who may see its case; anyone else (or a wrong id) gets the same "not found". */
export async function readAttachment(actor: Actor, id: string): Promise<{ fileName: string; contentType: TAttachmentType; data: Buffer }> {
  const meta = Types.ObjectId.isValid(id) ? await AttachmentModel.findById(id, { data: 0 }).lean<Omit<Attachment, "data">>() : null;
  const canRead = meta ? access.get(meta.ownerKind as TAttachmentOwnerKind) : undefined;
  if (!meta || !canRead || !(await canRead(actor, { id: meta._id, ownerId: meta.ownerId }))) throw new AppError("NOT_FOUND", "附件不存在");
  const file = await AttachmentModel.findById(meta._id, { data: 1 }).lean();
  if (!file) throw new AppError("NOT_FOUND", "附件不存在");
  await audit(actor, { action: "attachment.read", target: `attachment:${id}`, details: { ownerKind: meta.ownerKind, ownerId: meta.ownerId.toHexString() } });
  const raw = file.data as unknown as Buffer | { buffer: Uint8Array };
  return { fileName: meta.fileName, contentType: meta.contentType as TAttachmentType, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
}
