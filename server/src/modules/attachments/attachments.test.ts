import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ATTACHMENT_MAX_BYTES, type TAttachmentUpload } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { AppError } from "../../http/app-error";
import { sniffFileType } from "../../infra/file-types";
import { AttachmentModel } from "./model";
import { checkAttachment, checkAttachments, readAttachment, registerAttachmentAccess, storeAttachments } from "./service";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(32, 1)]);
const JPG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(32, 2)]);
// A Windows program ("MZ" header) renamed to look like a PDF.
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.from([0x90, 0x00, 0x03, 0x00]), Buffer.alloc(58, 0)]);

const upload = (data: Buffer, contentType: TAttachmentUpload["contentType"], fileName = "证明.pdf"): TAttachmentUpload => ({ fileName, contentType, dataBase64: data.toString("base64") });

/** The refusal a call threw, for asserting its code and field paths. */
function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ name: "attachments" });
});
afterAll(() => t.close());

describe("file types by content", () => {
  it("knows PDF, PNG and JPG by their first bytes and nothing else", () => {
    expect([PDF, PNG, JPG, EXE, Buffer.alloc(0)].map(sniffFileType)).toEqual(["application/pdf", "image/png", "image/jpeg", null, null]);
  });
});

describe("checking uploads", () => {
  it("refuses a program renamed .pdf, naming the file by its index", () => {
    const err = refusal(() => checkAttachments([upload(PDF, "application/pdf"), upload(EXE, "application/pdf", "营业执照.pdf")], "body.attachments"));
    expect(err.code).toBe("VALIDATION_FAILED");
    expect(err.details).toEqual({ issues: [{ path: "body.attachments.1.dataBase64", message: expect.stringContaining("营业执照.pdf") }] });
  });

  it("refuses a PNG declared as PDF: the declared type must be the one the content shows", () => {
    const err = refusal(() => checkAttachments([upload(PNG, "application/pdf")], "body.proofs"));
    expect((err.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["body.proofs.0.dataBase64"]);
  });

  it("refuses a file over 5 MB, more than five files, and a single file under its own path", () => {
    const big = Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES + 1 - PDF.length)]);
    const tooBig = refusal(() => checkAttachments([upload(big, "application/pdf")], "body.attachments"));
    expect(tooBig.details).toEqual({ issues: [{ path: "body.attachments.0.dataBase64", message: "单个附件不能超过 5MB" }] });
    // Exactly 5 MB is allowed.
    expect(checkAttachments([upload(big.subarray(0, ATTACHMENT_MAX_BYTES), "application/pdf")], "body.attachments")[0]!.data.length).toBe(ATTACHMENT_MAX_BYTES);

    const six = refusal(() => checkAttachments(Array.from({ length: 6 }, () => upload(PDF, "application/pdf")), "body.attachments"));
    expect(six.details).toEqual({ issues: [{ path: "body.attachments", message: "最多上传5个附件" }] });

    const one = refusal(() => checkAttachment(upload(EXE, "image/png", "答复.png"), "body.answerAttachment"));
    expect((one.details as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(["body.answerAttachment.dataBase64"]);
  });
});

describe("storing and reading", () => {
  it("stores nothing when one file of the list is refused, and every file when all are good", async () => {
    const ownerId = new Types.ObjectId();
    await expect(storeAttachments("repair", ownerId, [upload(PDF, "application/pdf"), upload(EXE, "application/pdf")], "body.proofs")).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await AttachmentModel.countDocuments({ ownerId })).toBe(0);

    const stored = await storeAttachments("repair", ownerId, [upload(PDF, "application/pdf", "缴款凭证.pdf"), upload(JPG, "image/jpeg", "现场照片.jpg")], "body.proofs");
    expect(stored).toEqual([
      { id: expect.any(String), fileName: "缴款凭证.pdf", contentType: "application/pdf", size: PDF.length, downloadPath: `/attachments/${stored[0]!.id}`, at: expect.any(String) },
      { id: expect.any(String), fileName: "现场照片.jpg", contentType: "image/jpeg", size: JPG.length, downloadPath: `/attachments/${stored[1]!.id}`, at: expect.any(String) },
    ]);
    const kept = await AttachmentModel.findById(stored[0]!.id).lean();
    expect(Buffer.from(kept!.data as unknown as Uint8Array).equals(PDF) || Buffer.from((kept!.data as unknown as { buffer: Uint8Array }).buffer).equals(PDF)).toBe(true);
  });

  it("serves a file only to whom the owning case's check admits; anyone else gets not found", async () => {
    const ownerId = new Types.ObjectId();
    const [file] = await storeAttachments("repair", ownerId, [upload(PNG, "image/png", "照片.png")], "body.proofs");
    const allowed = { userId: new Types.ObjectId().toHexString(), role: "citizen" as const };
    const other = { userId: new Types.ObjectId().toHexString(), role: "citizen" as const };
    registerAttachmentAccess("repair", async (actor, f) => actor.userId === allowed.userId && f.ownerId.equals(ownerId));

    const read = await readAttachment(allowed, file!.id);
    expect(read).toMatchObject({ fileName: "照片.png", contentType: "image/png" });
    expect(read.data.equals(PNG)).toBe(true);
    await expect(readAttachment(other, file!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(readAttachment(allowed, new Types.ObjectId().toHexString())).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Over HTTP the same: a stranger's token gets 404, not the bytes.
    const stranger = t.services.accessTokens.sign({ userId: other.userId, role: "citizen" }, "test-family").token;
    const res = await t.api("GET", `/attachments/${file!.id}`, { token: stranger });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
  });
});
