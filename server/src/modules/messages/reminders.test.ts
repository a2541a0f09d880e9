import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TMessage } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { applyFor, createBankWithStaff, publishedProduct } from "../../../test/loan-fixtures";
import { acceptAllDocuments } from "../../../test/privacy";
import { claimedVoucher, nextPhone, publishedScenario } from "../../../test/scenario-fixtures";
import { createLogger } from "../../infra/logger";
import { ClaimModel } from "../claims/model";
import { startBackgroundJobs, type BackgroundJobs } from "./jobs";
import { eventually } from "./test-support";
import { NoticeModel } from "./outbox";
import { loanStepKey, noticeLoanSteps, noticeNewAdverseRecords, recordPublishedKey, remindExpiringVouchers, voucherReminderKey } from "./reminders";
import { addMonths, beijingDate } from "@xinyi/shared";
import { DEMO_IDENTITIES } from "../identity/demo-identities";
import { UserModel } from "../users/model";

/**
 * The message center's own reminders, run the way the worker runs them (its sweep job, with an
 * injected clock) and read the way the subject reads them (GET /me/messages).
 */
let t: TestServer;
let admin: string;
let kunming: string;
let jobs: BackgroundJobs;
const HOUR = 3600_000;

beforeAll(async () => {
  t = await startTestServer({ name: "message-reminders" });
  admin = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  jobs = await startBackgroundJobs({ config: t.config, logger: createLogger("silent"), redisUrl: t.config.REDIS_URL!, deliverer: null, sweepEveryMs: 60_000 });
});
afterAll(async () => {
  await jobs?.close();
  await t.close();
});

const messagesOf = async (token: string) => (await t.api<{ items: TMessage[] }>("GET", "/me/messages", { token })).body.items;

describe("vouchers about to expire", () => {
  it("an unused voucher is reminded once within 24 hours of its end; a cancelled one is not; the holder reads it in 消息", async () => {
    const scenario = await publishedScenario(t, admin, { title: "石林门票测试券" });
    const kept = await claimedVoucher(t, scenario.id);
    const dropped = await claimedVoucher(t, scenario.id);
    expect((await t.api("POST", `/me/claims/${dropped.claimId}/cancel`, { token: dropped.token })).status).toBe(200);
    const expiresAt = (await ClaimModel.findById(kept.claimId).lean())!.expiresAt;
    const [keptKey, droppedKey] = [voucherReminderKey(kept.claimId), voucherReminderKey(dropped.claimId)];

    // 25 hours before the end: too early.
    await remindExpiringVouchers(new Date(expiresAt.getTime() - 25 * HOUR));
    expect(await NoticeModel.countDocuments({ _id: { $in: [keptKey, droppedKey] } })).toBe(0);

    // 23 hours before: through the worker's sweep job, twice (two workers, or a retry).
    const at = new Date(expiresAt.getTime() - 23 * HOUR);
    const first = await jobs.sweep(at);
    expect(first.sweeps["voucher-expiry-reminders"]).toBeGreaterThanOrEqual(1);
    await jobs.sweep(at);
    await remindExpiringVouchers(new Date(expiresAt.getTime() - HOUR));
    expect(await NoticeModel.countDocuments({ _id: keptKey })).toBe(1);
    expect(await NoticeModel.countDocuments({ _id: droppedKey })).toBe(0);

    const items = await eventually(async () => {
      const list = await messagesOf(kept.token);
      return list.length ? list : null;
    }, "the reminder in 消息");
    expect(items).toHaveLength(1);
    const beijing = new Date(expiresAt.getTime() + 8 * HOUR);
    const when = `${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日 ${String(beijing.getUTCHours()).padStart(2, "0")}:${String(beijing.getUTCMinutes()).padStart(2, "0")}`;
    expect(items[0]).toMatchObject({ id: keptKey, kind: "voucher", kindLabel: "权益券", title: "权益券即将到期", link: { page: "voucher", id: kept.claimId }, read: false });
    expect(items[0]!.body).toBe(`您领取的「石林门票测试券」将于${when}到期，请及时使用。`);
    expect(await messagesOf(dropped.token)).toEqual([]);

    // After the end it is no longer "about to expire": nothing new.
    expect(await remindExpiringVouchers(new Date(expiresAt.getTime() + HOUR))).toBe(0);
  });
});

describe("loan application steps", () => {
  it("the bank's accept and reject become messages to the applicant, once each; her own submission does not", async () => {
    const { bank, officer, manager } = await createBankWithStaff(t, { name: "测试银行消息支行" });
    const product = await publishedProduct(t, manager.token, kunming, { name: "消息测试贷" });
    const [user] = await createCitizens([{ phone: nextPhone("177"), score: 720 }]);
    const token = t.tokenFor(user!);
    await acceptAllDocuments(t, token);
    const applied = await applyFor(t, token, product.id);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const id = applied.body.id as string;
    const decide = (body: Record<string, unknown>) => t.api("POST", `/loan-applications/${id}/transitions`, { token: officer.token, body });
    expect((await decide({ action: "accept", expectedVersion: 1 })).status).toBe(200);
    expect((await decide({ action: "reject", expectedVersion: 2, rejection: { reason: "other", text: "经营流水不足" } })).status).toBe(200);

    const told = await noticeLoanSteps(new Date());
    expect(told).toBe(2);
    // Again, and from a second worker at once: the keys make it a no-op.
    expect(await Promise.all([noticeLoanSteps(new Date()), noticeLoanSteps(new Date())])).toEqual([0, 0]);
    expect(await NoticeModel.countDocuments({ _id: loanStepKey(id, 1) })).toBe(0);

    const items = await eventually(async () => {
      const list = await messagesOf(token);
      return list.length === 2 ? list : null;
    }, "two loan messages");
    const byId = new Map(items.map((m) => [m.id, m]));
    expect(byId.get(loanStepKey(id, 2))).toMatchObject({ kind: "loan", title: "贷款申请已受理", body: `${bank.name}已受理您的「消息测试贷」申请，请留意审批结果。`, link: { page: "loanApplication", id } });
    expect(byId.get(loanStepKey(id, 3))).toMatchObject({ title: "贷款申请未通过", link: { page: "loanApplication", id } });
    expect(byId.get(loanStepKey(id, 3))!.body).toMatch(new RegExp(`^${bank.name}未批准您的「消息测试贷」申请，原因：.+（经营流水不足）。$`));

    // A later step is told on the next run: the cursor moved on, and what it saw before is not told again.
    const [user2] = await createCitizens([{ phone: nextPhone("177"), score: 720 }]);
    const token2 = t.tokenFor(user2!);
    await acceptAllDocuments(t, token2);
    const second = await applyFor(t, token2, product.id);
    await t.api("POST", `/loan-applications/${second.body.id}/transitions`, { token: officer.token, body: { action: "accept", expectedVersion: 1 } });
    expect(await noticeLoanSteps(new Date())).toBe(1);
    expect(await NoticeModel.countDocuments({ kind: "loan" })).toBe(3);
  });
});

describe("a new record about me", () => {
  it("a penalty entered for 张明 is told once, with the date until which he may object; a licence is not told", async () => {
    const decidedAt = beijingDate(new Date());
    const enter = (kind: "penalty" | "licence", docNo: string) =>
      t.api("POST", "/credit-records", {
        token: kunming,
        body: {
          subject: { kind: "citizen", idNumber: DEMO_IDENTITIES.zhangMing.idNumber, name: "张明" },
          prefectureCode: "530100",
          kind,
          ...(kind === "penalty" ? { severity: "minor" } : {}),
          title: kind === "penalty" ? "未按规定办理健康证明" : "食品经营许可（延续）",
          sourceDept: "昆明市市场监督管理局",
          docNo,
          decidedAt,
          publishedAt: decidedAt,
        },
      });
    const penalty = await enter("penalty", "昆市监罚〔2026〕77号");
    expect(penalty.status, JSON.stringify(penalty.body)).toBe(201);
    const licence = await enter("licence", "JY25301020077");
    expect(licence.status).toBe(201);

    expect(await noticeNewAdverseRecords(new Date())).toBe(1);
    expect(await noticeNewAdverseRecords(new Date())).toBe(0);
    expect(await NoticeModel.exists({ _id: recordPublishedKey(licence.body.id) })).toBeNull();

    const zhang = (await UserModel.findOne({ phone: "13800000001" }).lean())!;
    const token = t.tokenFor(zhang);
    await eventually(async () => (await messagesOf(token)).some((m) => m.title === "新增一条信用记录"), "the record message");
    const told = (await messagesOf(token)).find((m) => m.title === "新增一条信用记录")!;
    // A general (minor) penalty stops counting a year after its decision: objections are open until then.
    expect(told.body).toContain(`可在${addMonths(decidedAt, 12)}前在「我的信用」中提出异议`);
    expect(told.body).toContain("未按规定办理健康证明");
    expect(told.link).toEqual({ page: "creditRecord", id: penalty.body.id });
  });
});
