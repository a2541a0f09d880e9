import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar, IMPORT_COLUMNS, usccCheckChar } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { hashPassword } from "../auth/service";
import { CreditRecordModel, RecordEventModel } from "../credit-records/model";
import { SubjectModel } from "../subjects/model";
import { UserModel } from "../users/model";
import { ImportJobModel, ImportRejectionModel } from "./model";

let t: TestServer;
let admin: string;
let kunming: string;

beforeAll(async () => {
  t = await startTestServer({ name: "imports" });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
});
afterAll(() => t.close());

async function upload(token: string, fileName: string, body: string) {
  const res = await fetch(`${t.baseUrl}/api/v1/imports?fileName=${encodeURIComponent(fileName)}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": fileName.endsWith(".json") ? "application/json" : "text/csv" },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Starts an import and insists on the 202 (a refused upload would otherwise surface as a confusing poll failure). */
async function started(token: string, fileName: string, body: string) {
  const res = await upload(token, fileName, body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.body.status).toBe("running");
  return res.body as { id: string; totalRows: number };
}

/**
 * Waits for a job to leave "running". The deadline must stay below the test's own timeout, so a stuck
 * import fails here, saying where it stopped, rather than as an anonymous test timeout.
 */
async function finished(token: string, id: string, withinMs = 20_000) {
  const deadline = Date.now() + withinMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const job = await t.api("GET", `/imports/${id}`, { token });
    expect(job.status, JSON.stringify(job.body)).toBe(200);
    if (job.body.status !== "running") return job.body;
    last = job.body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`import ${id} still running after ${withinMs / 1000} s; last seen: ${JSON.stringify(last)}`);
}

/** Counts of everything an import may write, to show a refused file wrote nothing. */
const storeCounts = async () => ({
  records: await CreditRecordModel.countDocuments(),
  recordEvents: await RecordEventModel.countDocuments(),
  subjects: await SubjectModel.countDocuments(),
  jobs: await ImportJobModel.countDocuments(),
  rejections: await ImportRejectionModel.countDocuments(),
});

/**
 * A realistic file: rows over 2,500 citizens and 500 enterprises, every `badEvery`-th row broken in one of
 * four ways. `tag` goes into the document numbers, so each test's file is new to the store whatever ran before.
 */
function makeFile(rows: number, badEvery: number, tag: string) {
  const bad = new Set<number>();
  const lines = [IMPORT_COLUMNS.join(",")];
  for (let i = 0; i < rows; i++) {
    const person = i % 3000;
    const isCitizen = person < 2500;
    const birth = `19${String(60 + (person % 40)).padStart(2, "0")}0${1 + (person % 9)}1${person % 10}`;
    const id17 = `530102${birth}${String(person % 1000).padStart(3, "0")}`;
    let idNumber = isCitizen ? id17 + citizenIdCheckChar(id17) : "";
    const uscc17 = `91530100MA${String(person).padStart(7, "0")}`;
    const uscc = isCitizen ? "" : uscc17 + usccCheckChar(uscc17);
    let kind = ["licence", "penalty", "commitment", "red_list"][i % 4]!;
    let decidedAt = `2026-0${1 + (i % 9)}-1${i % 10}`;
    let prefecture = "530100";
    if (i % badEvery === 7) {
      bad.add(i + 2);
      switch (bad.size % 4) {
        case 0: idNumber = isCitizen ? id17 + (citizenIdCheckChar(id17) === "1" ? "2" : "1") : ""; if (!isCitizen) kind = "lottery"; break;
        case 1: kind = "lottery"; break;
        case 2: decidedAt = "2026-02-30"; break;
        case 3: prefecture = "999999"; break;
      }
    }
    const severity = kind === "penalty" ? "minor" : "";
    const published = kind === "penalty" && i % 100 === 1 ? "2026-12-31" : "";
    lines.push([isCitizen ? "citizen" : "enterprise", idNumber, uscc, isCitizen ? `测试${person}` : `测试企业${person}`, prefecture, kind, severity, "", `记录${i}`, "昆明市市场监督管理局", `${tag}-${i}`, decidedAt, published, ""].join(","));
  }
  return { csv: lines.join("\n"), bad };
}

const byJob = (jobId: string) => ({ importJobId: new mongoose.Types.ObjectId(jobId) });

describe("batch import", () => {
  it(
    "imports a 10,000-row file with 3% bad rows: valid rows kept, every bad row reported with its row number",
    async () => {
      const { csv, bad } = makeFile(10_000, 33, "BIG");
      expect(bad.size).toBeGreaterThanOrEqual(290);
      const accepted = await started(admin, "records-2026.csv", csv);
      expect(accepted).toMatchObject({ status: "running", totalRows: 10_000 });
      const job = await finished(admin, accepted.id, 90_000);
      expect(job).toMatchObject({ status: "completed", processedRows: 10_000, rejectedRows: bad.size, acceptedRows: 10_000 - bad.size, unchangedRows: 0 });
      expect(job.lateRows).toBeGreaterThan(0);
      expect(await CreditRecordModel.countDocuments(byJob(job.id))).toBe(10_000 - bad.size);
      expect(await CreditRecordModel.countDocuments({ ...byJob(job.id), late: true })).toBe(job.lateRows);

      const report = await fetch(`${t.baseUrl}/api/v1/imports/${job.id}/rejections.csv`, { headers: { authorization: `Bearer ${admin}` } });
      expect(report.status).toBe(200);
      expect(report.headers.get("content-type")).toContain("text/csv");
      const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split("\n");
      expect(lines[0]).toBe("行号,字段,原因");
      expect(lines).toHaveLength(bad.size + 1);
      const reportedRows = new Set(lines.slice(1).map((l) => Number(l.split(",")[0])));
      expect(reportedRows).toEqual(bad);
      expect(lines.some((l) => l.includes("身份证号码校验位不正确"))).toBe(true);
      expect(lines.some((l) => l.includes("行政区划"))).toBe(true);
    },
    // The file is large on purpose; finished() gives up at 90 s, before this.
    120_000,
  );

  it(
    "re-importing the same file changes nothing",
    async () => {
      // Small: this test imports the file itself first, and re-evaluating each new subject costs time.
      const ROWS = 600;
      const { csv, bad } = makeFile(ROWS, 33, "AGAIN");
      expect(bad.size).toBeGreaterThan(0);
      const first = await finished(admin, (await started(admin, "again.csv", csv)).id, 60_000);
      expect(first).toMatchObject({ status: "completed", acceptedRows: ROWS - bad.size, rejectedRows: bad.size });
      expect(await CreditRecordModel.countDocuments(byJob(first.id))).toBe(ROWS - bad.size);

      const before = await storeCounts();
      const second = await finished(admin, (await started(admin, "again.csv", csv)).id, 60_000);
      expect(second).toMatchObject({ status: "completed", acceptedRows: 0, unchangedRows: ROWS - bad.size, rejectedRows: bad.size });
      const after = await storeCounts();
      expect(await CreditRecordModel.countDocuments(byJob(second.id))).toBe(0);
      // Only the second job and its own rejection report are new: no record, history entry or subject.
      expect(after).toEqual({ ...before, jobs: before.jobs + 1, rejections: before.rejections + bad.size });
    },
    90_000,
  );

  it("takes JSON too, keeps a regional administrator's import to their prefecture, and hides it from another prefecture", async () => {
    await UserModel.create({ role: "regional_admin", username: "dl_admin", displayName: "大理州信用办", passwordHash: await hashPassword("Dali@2026xx"), prefectureCode: "532900" });
    const dali = (await t.consoleLogin("dl_admin", "Dali@2026xx")).accessToken;
    const id = (first17: string) => first17 + citizenIdCheckChar(first17);
    const rows = [
      { subjectKind: "citizen", idNumber: id("53010219900101002"), name: "甲乙", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市政务服务管理局", docNo: "J-1", decidedAt: "2026-03-01" },
      { subjectKind: "citizen", idNumber: id("53290119900101001"), name: "丙丁", prefectureCode: "532900", kind: "licence", title: "许可", sourceDept: "大理州政务服务管理局", docNo: "J-2", decidedAt: "2026-03-01" },
    ];
    const job = await finished(kunming, (await started(kunming, "regional.json", JSON.stringify(rows))).id);
    expect(job).toMatchObject({ status: "completed", format: "json", acceptedRows: 1, rejectedRows: 1 });
    expect((await ImportJobModel.findById(job.id).lean())!.prefectureScope).toBe("530100");
    // Only the 昆明 row was written; the 大理 row is reported, not stored.
    const written = await CreditRecordModel.find(byJob(job.id)).lean();
    expect(written.map((r) => [r.prefectureCode, r.docNo])).toEqual([["530100", "J-1"]]);

    const report = await fetch(`${t.baseUrl}/api/v1/imports/${job.id}/rejections.csv`, { headers: { authorization: `Bearer ${kunming}` } });
    expect(report.status).toBe(200);
    expect(await report.text()).toContain("3,prefectureCode,超出您的管辖范围");

    // The platform sees the job; another prefecture's administrator is answered as if it did not exist.
    expect((await t.api("GET", `/imports/${job.id}`, { token: admin })).status).toBe(200);
    const seen = await t.api("GET", `/imports/${job.id}`, { token: dali });
    expect(seen.status).toBe(404);
    expect(seen.body.error.code).toBe("NOT_FOUND");
    const rejections = await t.api("GET", `/imports/${job.id}/rejections.csv`, { token: dali });
    expect(rejections.status).toBe(404);
    expect(rejections.body.error.code).toBe("NOT_FOUND");
    const daliList = await t.api("GET", "/imports", { token: dali });
    expect(daliList.status).toBe(200);
    expect(daliList.body.items.map((j: { id: string }) => j.id)).not.toContain(job.id);
    const kunmingList = await t.api("GET", "/imports", { token: kunming });
    expect(kunmingList.status).toBe(200);
    expect(kunmingList.body.items.map((j: { id: string }) => j.id)).toContain(job.id);
  });

  it("refuses a file over 100,000 rows before writing anything", async () => {
    // Valid rows: were the limit not checked first, records, subjects and a job would be written.
    const { csv } = makeFile(100_001, 1_000_000, "HUGE");
    const before = await storeCounts();
    const res = await upload(admin, "huge.csv", csv);
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: "IMPORT_TOO_LARGE", message: "导入文件过大：单个文件最多100000行" });
    // A background writer would need a moment: give it one before counting.
    await new Promise((r) => setTimeout(r, 500));
    expect(await storeCounts()).toEqual(before);
  });

  it("reports a job whose process died as failed, asking for a re-import", async () => {
    const job = await ImportJobModel.create({ fileName: "lost.csv", format: "csv", status: "running", totalRows: 10, createdBy: "x", createdAt: new Date(Date.now() - 600_000), heartbeatAt: new Date(Date.now() - 300_000) });
    const id = job._id.toHexString();
    const res = await t.api("GET", `/imports/${id}`, { token: admin });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: "failed", error: "导入进程已中断，请重新导入该文件（已导入的记录不会重复）" });
    const list = await t.api("GET", "/imports", { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.find((j: { id: string }) => j.id === id)).toMatchObject({ status: "failed" });
  });

  it("refuses an unparseable file with 400, naming the body, and writes no job", async () => {
    // Nothing is parsed, so the job is the only thing that could have been written.
    const jobs = await ImportJobModel.countDocuments();
    const res = await upload(admin, "broken.json", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "VALIDATION_FAILED", message: "JSON 文件无法解析" });
    expect(res.body.error.details.issues[0].path).toBe("body");
    expect(await ImportJobModel.countDocuments()).toBe(jobs);
  });
});
