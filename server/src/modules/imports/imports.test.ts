import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citizenIdCheckChar, IMPORT_COLUMNS, usccCheckChar } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { CreditRecordModel } from "../credit-records/model";

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

async function finished(token: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const job = await t.api("GET", `/imports/${id}`, { token });
    if (job.body.status !== "running") return job.body;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error("import did not finish");
}

/** A realistic file: 10,000 rows over 2,500 citizens and 500 enterprises, 3% of rows broken in different ways. */
function makeFile(rows: number, badEvery: number) {
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
    lines.push([isCitizen ? "citizen" : "enterprise", idNumber, uscc, isCitizen ? `测试${person}` : `测试企业${person}`, prefecture, kind, severity, "", `记录${i}`, "昆明市市场监督管理局", `DOC-${i}`, decidedAt, published, ""].join(","));
  }
  return { csv: lines.join("\n"), bad };
}

describe("batch import", () => {
  const { csv, bad } = makeFile(10_000, 33);

  it("imports a 10,000-row file with 3% bad rows: valid rows kept, every bad row reported with its row number", async () => {
    expect(bad.size).toBeGreaterThanOrEqual(290);
    const started = await upload(admin, "records-2026.csv", csv);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: "running", totalRows: 10_000 });
    const job = await finished(admin, started.body.id);
    expect(job).toMatchObject({ status: "completed", processedRows: 10_000, rejectedRows: bad.size, acceptedRows: 10_000 - bad.size, unchangedRows: 0 });
    expect(job.lateRows).toBeGreaterThan(0);
    expect(await CreditRecordModel.countDocuments({ importJobId: new mongoose.Types.ObjectId(job.id) })).toBe(10_000 - bad.size);

    const report = await fetch(`${t.baseUrl}/api/v1/imports/${job.id}/rejections.csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(report.headers.get("content-type")).toContain("text/csv");
    const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toBe("行号,字段,原因");
    const reportedRows = new Set(lines.slice(1).map((l) => Number(l.split(",")[0])));
    expect(reportedRows).toEqual(bad);
    expect(lines.some((l) => l.includes("身份证号码校验位不正确"))).toBe(true);
    expect(lines.some((l) => l.includes("行政区划"))).toBe(true);
  });

  it("re-importing the same file changes nothing", async () => {
    const before = await CreditRecordModel.countDocuments();
    const started = await upload(admin, "records-2026.csv", csv);
    const job = await finished(admin, started.body.id);
    expect(job).toMatchObject({ status: "completed", acceptedRows: 0, unchangedRows: 10_000 - bad.size, rejectedRows: bad.size });
    expect(await CreditRecordModel.countDocuments()).toBe(before);
  });

  it("takes JSON too, and keeps a regional administrator's import to their prefecture", async () => {
    const id = (first17: string) => first17 + citizenIdCheckChar(first17);
    const rows = [
      { subjectKind: "citizen", idNumber: id("53010219900101002"), name: "甲乙", prefectureCode: "530100", kind: "licence", title: "许可", sourceDept: "昆明市政务服务管理局", docNo: "J-1", decidedAt: "2026-03-01" },
      { subjectKind: "citizen", idNumber: id("53290119900101001"), name: "丙丁", prefectureCode: "532900", kind: "licence", title: "许可", sourceDept: "大理州政务服务管理局", docNo: "J-2", decidedAt: "2026-03-01" },
    ];
    const started = await upload(kunming, "regional.json", JSON.stringify(rows));
    const job = await finished(kunming, started.body.id);
    expect(job).toMatchObject({ acceptedRows: 1, rejectedRows: 1 });
    const report = await (await fetch(`${t.baseUrl}/api/v1/imports/${job.id}/rejections.csv`, { headers: { authorization: `Bearer ${kunming}` } })).text();
    expect(report).toContain("3,prefectureCode,超出您的管辖范围");
    // Another region's administrator does not see this job; the platform does.
    expect((await t.api("GET", `/imports/${job.id}`, { token: admin })).status).toBe(200);
  });

  it("refuses a file over 100,000 rows before writing anything", async () => {
    const header = IMPORT_COLUMNS.join(",");
    const row = "citizen,,,x,530100,licence,,,t,d,n,2026-01-01,,";
    const body = [header, ...Array.from({ length: 100_001 }, () => row)].join("\n");
    const res = await upload(admin, "huge.csv", body);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("IMPORT_TOO_LARGE");
  });

  it("reports a job whose process died as failed, asking for a re-import", async () => {
    const { ImportJobModel } = await import("./model");
    const job = await ImportJobModel.create({ fileName: "lost.csv", format: "csv", status: "running", totalRows: 10, createdBy: "x", createdAt: new Date(Date.now() - 600_000), heartbeatAt: new Date(Date.now() - 300_000) });
    const res = await t.api("GET", `/imports/${job._id.toHexString()}`, { token: admin });
    expect(res.body).toMatchObject({ status: "failed", error: "导入进程已中断，请重新导入该文件（已导入的记录不会重复）" });
  });

  it("refuses an unparseable file with 400", async () => {
    const res = await upload(admin, "broken.json", "{not json");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
  });
});
