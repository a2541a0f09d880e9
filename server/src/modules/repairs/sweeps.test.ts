import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMonths, beijingDate, citizenIdCheckChar, DEFAULT_REPAIR_RULES, repairPeriodsOf } from "@xinyi/shared";
import { startTestServer, type TestServer } from "../../../test/harness";
import { nextPhone } from "../../../test/scenario-fixtures";
import { registeredSweeps } from "../../infra/sweeps";
import { CreditRecordModel } from "../credit-records/model";
import { NoticeModel } from "../messages/outbox";
import { UserModel } from "../users/model";

/**
 * The reminders sweep, run directly with the clock it is given (the worker runs it every minute).
 * Its own server: moving the clock months ahead expires records, which no other file should see.
 */
const DAY = 86_400_000;
let t: TestServer;
let platform: string;

beforeAll(async () => {
  t = await startTestServer({ name: "repair-sweeps" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
});
afterAll(() => t.close());

const today = beijingDate(new Date());
let seq = 700;
async function personWithPenalty(decidedAt: string, name = "孔小明") {
  seq += 1;
  const first17 = `53010219920303${seq}`;
  const idNumber = first17 + citizenIdCheckChar(first17);
  const user = await UserModel.create({ role: "citizen", phone: nextPhone("177"), displayName: name, prefectureCode: "530100" });
  const subject = await t.services.identity.bindVerifiedCitizen(user._id.toHexString(), { idNumber, name });
  const token = t.tokenFor({ _id: user._id, role: "citizen", prefectureCode: "530100", subjectId: subject._id });
  const res = await t.api("POST", "/credit-records", {
    token: platform,
    body: { subject: { kind: "citizen", idNumber, name }, prefectureCode: "530100", kind: "penalty", severity: "minor", title: `未按规定设置垃圾分类容器${seq}`, sourceDept: "昆明市城市管理局", docNo: `昆城管罚〔2026〕${seq}号`, decidedAt },
  });
  expect(res.status).toBe(201);
  return { token, recordId: res.body.id as string, decidedAt };
}

const reminders = () => registeredSweeps().find((s) => s.name === "repair-reminders")!;
const notice = (recordId: string, kind: "repairable" | "stops-counting") => NoticeModel.findById(`repair:${recordId}:${kind}`).lean();
const score = async (token: string) => (await t.api("GET", "/me/credit", { token })).body.evaluation.score as number;

describe("repair reminders", () => {
  it("tells once that a record has become repairable, with the date; not before", async () => {
    const ready = await personWithPenalty(addMonths(today, -4));
    const early = await personWithPenalty(addMonths(today, -2), "孔小亮");
    // Repairable from tomorrow: the store is asked a few days wide, the rule itself decides.
    const edge = await personWithPenalty(beijingDate(new Date(Date.parse(`${addMonths(today, -3)}T12:00:00+08:00`) + DAY)), "孔小英");
    const edgeFrom = repairPeriodsOf({ kind: "penalty", severity: "minor", decidedAt: edge.decidedAt }, DEFAULT_REPAIR_RULES).repairableFrom!;
    expect(edgeFrom > today).toBe(true);

    expect(await reminders().run(new Date())).toBeGreaterThanOrEqual(1);
    const told = await notice(ready.recordId, "repairable");
    expect(told).toMatchObject({ kind: "repair", link: { page: "creditRecord", id: ready.recordId } });
    expect(told!.body).toContain(addMonths(ready.decidedAt, 3));
    expect(await notice(early.recordId, "repairable")).toBeNull();
    expect(await notice(edge.recordId, "repairable")).toBeNull();

    // Again the same day, and twice at once the next day: still one notice per record and kind.
    await reminders().run(new Date());
    const tomorrow = new Date(Date.now() + DAY);
    await Promise.all([reminders().run(tomorrow), reminders().run(tomorrow)]);
    expect(await NoticeModel.countDocuments({ _id: { $regex: `^repair:${ready.recordId}:` } })).toBe(1);
    expect(await notice(early.recordId, "repairable")).toBeNull();
    if (edgeFrom === beijingDate(tomorrow)) expect((await notice(edge.recordId, "repairable"))!.body).toContain(edgeFrom);
  });

  it("at the maximum period the record stops counting: it is expired, the score recomputed, and the subject told", async () => {
    const old = await personWithPenalty(addMonths(today, -5), "孔小芳");
    const before = await score(old.token);
    expect(before).toBeLessThan(700);

    // Eight months on, the five-month-old penalty is past its twelve.
    const later = new Date(Date.parse(`${addMonths(today, 8)}T12:00:00+08:00`));
    await reminders().run(later);
    expect(await CreditRecordModel.findById(old.recordId).lean()).toMatchObject({ status: "expired", version: 2 });
    expect(await score(old.token)).toBe(700);
    const told = await notice(old.recordId, "stops-counting");
    expect(told!.body).toContain(addMonths(old.decidedAt, 12));
    const rights = (await t.api("GET", `/me/records/${old.recordId}/rights`, { token: old.token })).body;
    expect(rights).toMatchObject({ status: "expired", mayRepair: false, stopsCountingOn: addMonths(old.decidedAt, 12) });
  });
});
