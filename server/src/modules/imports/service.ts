import { Types } from "mongoose";
import { stringify } from "csv-stringify/sync";
import {
  isLatePublication,
  ZCreditRecordImportRow,
  type TCreditRecordImportRow,
  type TImportJob,
  type TPrefectureCode,
} from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { Logger } from "../../infra/logger";
import { audit } from "../audit/service";
import { naturalKeyOf } from "../credit-records/service";
import { CreditRecordModel, RecordEventModel } from "../credit-records/model";
import type { EvaluationService } from "../evaluations/service";
import { subjectPolicy } from "../subjects/policy";
import { subjectRefOf, type SubjectService } from "../subjects/service";
import { ImportJobModel, ImportRejectionModel, type ImportJob } from "./model";
import { parseImportFile } from "./parse";

const BATCH = 1000;

/** A running job whose process stopped writing progress this long ago has died with it. */
const STALE_AFTER_MS = 2 * 60_000;

function present(j: ImportJob): TImportJob {
  const stale = j.status === "running" && (j.heartbeatAt ?? j.createdAt).getTime() < Date.now() - STALE_AFTER_MS;
  return {
    id: j._id.toHexString(),
    fileName: j.fileName,
    format: j.format,
    status: stale ? "failed" : j.status,
    ...(stale ? { error: "导入进程已中断，请重新导入该文件（已导入的记录不会重复）" } : {}),
    totalRows: j.totalRows ?? 0,
    processedRows: j.processedRows ?? 0,
    acceptedRows: j.acceptedRows ?? 0,
    unchangedRows: j.unchangedRows ?? 0,
    rejectedRows: j.rejectedRows ?? 0,
    lateRows: j.lateRows ?? 0,
    createdAt: j.createdAt.toISOString(),
    ...(j.finishedAt ? { finishedAt: j.finishedAt.toISOString() } : {}),
    ...(j.error && !stale ? { error: j.error } : {}),
  };
}

type Rejection = { row: number; field?: string; message: string };

export function createImportService(subjects: SubjectService, evaluations: EvaluationService, log: Logger) {
  function scopeFilter(actor: Actor): Record<string, unknown> {
    const scope = subjectPolicy.prefectureScope(actor);
    if (!scope) throw new AppError("FORBIDDEN");
    return "all" in scope ? {} : { prefectureScope: scope.prefectureCode };
  }

  async function findVisible(actor: Actor, id: string): Promise<ImportJob> {
    const job = await ImportJobModel.findOne({ _id: id, ...scopeFilter(actor) }).lean<ImportJob>();
    if (!job) throw new AppError("NOT_FOUND", "导入任务不存在");
    return job;
  }

  /** Validates, resolves subjects and inserts one batch; returns the counts. */
  async function processBatch(job: ImportJob, actor: Actor, rows: { row: number; data: TCreditRecordImportRow }[]) {
    const refs = rows.map(({ data }) => ({
      ref: subjectRefOf(
        data.subjectKind === "citizen"
          ? { kind: "citizen", idNumber: data.idNumber!, name: data.name }
          : { kind: "enterprise", uscc: data.uscc!, name: data.name, legalRepName: data.legalRepName, legalRepIdNumber: data.legalRepIdNumber },
      ),
      prefectureCode: data.prefectureCode as TPrefectureCode,
    }));
    const resolved = await subjects.resolveMany(refs);
    const now = new Date();
    const docs = rows.map(({ data }, i) => {
      const subject = resolved.get(subjects.keyOf(refs[i]!.ref))!;
      return {
        _id: new Types.ObjectId(),
        subjectId: subject._id,
        subjectKind: subject.kind,
        prefectureCode: data.prefectureCode,
        kind: data.kind,
        ...(data.severity ? { severity: data.severity } : {}),
        ...(data.taxGrade ? { taxGrade: data.taxGrade } : {}),
        title: data.title,
        sourceDept: data.sourceDept,
        docNo: data.docNo,
        naturalKey: naturalKeyOf(data.sourceDept, data.docNo, subject.key),
        decidedAt: data.decidedAt,
        ...(data.publishedAt ? { publishedAt: data.publishedAt } : {}),
        ...(data.validUntil ? { validUntil: data.validUntil } : {}),
        late: isLatePublication(data.kind, data.decidedAt, data.publishedAt),
        status: "active",
        version: 1,
        importJobId: job._id,
        createdBy: actor.userId,
        createdAt: now,
      };
    });
    // The same natural key twice in one batch: keep the first, the rest are unchanged.
    const seen = new Set<string>();
    const unique = docs.filter((d) => (seen.has(d.naturalKey) ? false : (seen.add(d.naturalKey), true)));
    const existing = new Set(
      (await CreditRecordModel.find({ naturalKey: { $in: unique.map((d) => d.naturalKey) } }, { naturalKey: 1 }).lean()).map((r) => r.naturalKey),
    );
    const fresh = unique.filter((d) => !existing.has(d.naturalKey));
    let inserted = fresh;
    if (fresh.length) {
      try {
        await CreditRecordModel.insertMany(fresh, { ordered: false });
      } catch (err) {
        // Another import of the same rows raced us; the unique natural key kept one of each.
        const failed = new Set(((err as { writeErrors?: { index?: number; err?: { index?: number } }[] }).writeErrors ?? []).map((e) => e.index ?? e.err?.index));
        if (failed.size === 0) throw err;
        inserted = fresh.filter((_, i) => !failed.has(i));
      }
      if (inserted.length) {
        await RecordEventModel.insertMany(
          inserted.map((d) => ({ recordId: d._id, version: 1, status: "active", reason: `批量导入：${job.fileName}`, actorId: actor.userId, actorName: "批量导入", at: now })),
        );
      }
    }
    return {
      accepted: inserted.length,
      unchanged: docs.length - inserted.length,
      late: inserted.filter((d) => d.late).length,
      subjectIds: inserted.map((d) => d.subjectId),
    };
  }

  async function run(jobId: Types.ObjectId, actor: Actor, rawRows: Record<string, unknown>[]): Promise<void> {
    const job = (await ImportJobModel.findById(jobId).lean<ImportJob>())!;
    const counts = { processed: 0, accepted: 0, unchanged: 0, rejected: 0, late: 0 };
    const touched: Types.ObjectId[] = [];
    for (let start = 0; start < rawRows.length; start += BATCH) {
      const rejections: Rejection[] = [];
      const valid: { row: number; data: TCreditRecordImportRow }[] = [];
      rawRows.slice(start, start + BATCH).forEach((raw, i) => {
        const row = start + i + 2; // header is row 1; people count from 1
        const parsed = ZCreditRecordImportRow.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const field = issue.path.join(".");
          rejections.push({ row, ...(field ? { field } : {}), message: issue.message });
        } else if (job.prefectureScope && parsed.data.prefectureCode !== job.prefectureScope) {
          rejections.push({ row, field: "prefectureCode", message: "超出您的管辖范围" });
        } else {
          valid.push({ row, data: parsed.data });
        }
      });
      const result = valid.length ? await processBatch(job, actor, valid) : { accepted: 0, unchanged: 0, late: 0, subjectIds: [] };
      if (rejections.length) await ImportRejectionModel.insertMany(rejections.map((r) => ({ jobId, ...r })));
      touched.push(...result.subjectIds);
      counts.processed += valid.length + rejections.length;
      counts.accepted += result.accepted;
      counts.unchanged += result.unchanged;
      counts.rejected += rejections.length;
      counts.late += result.late;
      await ImportJobModel.updateOne(
        { _id: jobId },
        {
          $set: {
            processedRows: counts.processed,
            acceptedRows: counts.accepted,
            unchangedRows: counts.unchanged,
            rejectedRows: counts.rejected,
            lateRows: counts.late,
            heartbeatAt: new Date(),
          },
        },
      );
    }
    // Re-evaluating the touched subjects can take a while: keep the heartbeat beating.
    const subjects = [...new Map(touched.map((id) => [id.toHexString(), id])).values()];
    for (let i = 0; i < subjects.length; i += BATCH) {
      await evaluations.recompute(subjects.slice(i, i + BATCH));
      await ImportJobModel.updateOne({ _id: jobId }, { $set: { heartbeatAt: new Date() } });
    }
    await ImportJobModel.updateOne({ _id: jobId }, { $set: { status: "completed", finishedAt: new Date() } });
    await audit(actor, { action: "import.complete", target: `import:${jobId.toHexString()}`, details: { fileName: job.fileName, ...counts } });
  }

  return {
    /** Accepts the file, answers at once with the job; the rows are written in the background. */
    async start(actor: Actor, fileName: string, text: string): Promise<TImportJob> {
      const scope = subjectPolicy.prefectureScope(actor);
      if (!scope) throw new AppError("FORBIDDEN");
      const format = fileName.toLowerCase().endsWith(".json") ? "json" : "csv";
      const rows = parseImportFile(format, text);
      const job = await ImportJobModel.create({
        fileName,
        format,
        status: "running",
        ...("prefectureCode" in scope ? { prefectureScope: scope.prefectureCode } : {}),
        totalRows: rows.length,
        createdBy: actor.userId,
        createdAt: new Date(),
        heartbeatAt: new Date(),
      });
      setImmediate(() => {
        run(job._id, actor, rows).catch(async (err: unknown) => {
          log.error({ err, jobId: job._id.toHexString() }, "import failed");
          await ImportJobModel.updateOne({ _id: job._id }, { $set: { status: "failed", error: "导入过程中出错，请重新导入（已导入的记录不会重复）", finishedAt: new Date() } }).catch(() => undefined);
        });
      });
      return present(job.toObject() as ImportJob);
    },

    async get(actor: Actor, id: string): Promise<TImportJob> {
      return present(await findVisible(actor, id));
    },

    async list(actor: Actor): Promise<TImportJob[]> {
      const jobs = await ImportJobModel.find(scopeFilter(actor)).sort({ createdAt: -1 }).limit(50).lean<ImportJob[]>();
      return jobs.map(present);
    },

    async rejectionsCsv(actor: Actor, id: string): Promise<string> {
      const job = await findVisible(actor, id);
      const rows = await ImportRejectionModel.find({ jobId: job._id }).sort({ row: 1 }).lean();
      return "\uFEFF" + stringify(rows.map((r) => [r.row, r.field ?? "", r.message]), { header: true, columns: ["行号", "字段", "原因"] });
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
