import { randomUUID } from "node:crypto";
import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TMessage, TSession } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { nextPhone } from "../../../test/scenario-fixtures";
import { JobQueue } from "../../infra/jobs";
import { createLogger } from "../../infra/logger";
import { SubjectModel } from "../subjects/model";
import { DEMO_ACCOUNTS } from "../../seed/demo";
import type { DeliverableMessage, DeliveryOutcome, DeliveryRecipient, MessageDeliverer } from "./deliverer";
import { startBackgroundJobs, type BackgroundJobs } from "./jobs";
import { eventually } from "./test-support";
import { MessageDeliveryModel, MessageModel, MessageReadModel } from "./model";
import { NoticeModel, recordNotice } from "./outbox";
import { processNotice, RetryableDeliveryError } from "./processor";

/**
 * The message center end to end: features record notices, a real BullMQ worker on the test server's
 * Redis turns them into messages, and the subject reads them through the API.
 */
let t: TestServer;
const log = createLogger("silent");

/** Pushes recorded instead of sent, a little slowly, so that racing workers overlap. */
class RecordingDeliverer implements MessageDeliverer {
  readonly channel = "test";
  readonly sent: { messageId: string; userId: string }[] = [];
  async deliver(message: DeliverableMessage, recipient: DeliveryRecipient): Promise<DeliveryOutcome> {
    await new Promise((r) => setTimeout(r, 30));
    this.sent.push({ messageId: message.id, userId: recipient.userId });
    return { status: "sent" };
  }
  to(messageId: string) {
    return this.sent.filter((s) => s.messageId === messageId);
  }
}

async function citizen() {
  const [user] = await createCitizens([{ phone: nextPhone("175") }]);
  return { token: t.tokenFor(user!), userId: user!._id.toHexString(), subjectId: user!.subjectId! };
}

const notice = (subjectId: Types.ObjectId, over: Partial<Parameters<typeof recordNotice>[0]> = {}) => ({
  key: `loan:${new Types.ObjectId().toHexString()}:2`,
  subjectId,
  kind: "loan" as const,
  title: "贷款申请已受理",
  body: "测试银行已受理您的「测试贷」申请，请留意审批结果。",
  link: { page: "loanApplication", id: new Types.ObjectId().toHexString() },
  ...over,
});

const messagesOf = async (token: string, query = "") => (await t.api<{ items: TMessage[]; total: number; unread: number }>("GET", `/me/messages${query}`, { token })).body;
const encoded = (id: string) => encodeURIComponent(id);

let jobs: BackgroundJobs;
const deliverer = new RecordingDeliverer();

beforeAll(async () => {
  t = await startTestServer({ name: "messages" });
  jobs = await startBackgroundJobs({ config: t.config, logger: log, redisUrl: t.config.REDIS_URL!, deliverer, sweepEveryMs: 60_000 });
});
afterAll(async () => {
  await jobs?.close();
  await t.close();
});

describe("消息: notices become messages", () => {
  it("a recorded notice shows in 消息 with its text, link and Beijing time, unread, and its account is pushed once", async () => {
    const me = await citizen();
    const told = notice(me.subjectId, { at: new Date("2026-12-01T01:30:00Z") });
    await recordNotice(told);

    const list = await eventually(async () => {
      const body = await messagesOf(me.token);
      return body.total === 1 ? body : null;
    }, "the message");
    expect(list.unread).toBe(1);
    expect(list.items[0]).toEqual({
      id: told.key,
      kind: "loan",
      kindLabel: "信易贷",
      title: "贷款申请已受理",
      body: told.body,
      link: told.link,
      at: "2026-12-01T01:30:00.000Z",
      atText: "2026-12-01 09:30",
      read: false,
    });
    expect((await t.api("GET", "/me/messages/unread-count", { token: me.token })).body).toEqual({ unread: 1 });
    await eventually(async () => (await NoticeModel.findById(told.key).lean())?.processedAt, "the notice marked processed");
    expect(deliverer.to(told.key)).toEqual([{ messageId: told.key, userId: me.userId }]);
  });

  it("reading one lowers the unread count; read-all reads the rest; reading again changes nothing", async () => {
    const me = await citizen();
    const keys = [0, 1, 2].map((i) => `voucher:${new Types.ObjectId().toHexString()}:expiring`);
    for (const [i, key] of keys.entries()) {
      await recordNotice(notice(me.subjectId, { key, kind: "voucher", title: `权益券即将到期${i}`, at: new Date(Date.now() - (3 - i) * 60_000) }));
    }
    await eventually(async () => (await messagesOf(me.token)).total === 3, "three messages");

    const read = await t.api("POST", `/me/messages/${encoded(keys[0]!)}/read`, { token: me.token });
    expect(read.status).toBe(200);
    expect(read.body.message).toMatchObject({ id: keys[0], read: true });
    expect(read.body.unread).toBe(2);
    const again = await t.api("POST", `/me/messages/${encoded(keys[0]!)}/read`, { token: me.token });
    expect(again.body.unread).toBe(2);
    expect(await MessageReadModel.countDocuments({ messageId: keys[0] })).toBe(1);

    // Unread first: the two unread (newest first), then the read one.
    const unreadFirst = await messagesOf(me.token, "?order=unread_first");
    expect(unreadFirst.items.map((m) => [m.id, m.read])).toEqual([
      [keys[2], false],
      [keys[1], false],
      [keys[0], true],
    ]);
    const newest = await messagesOf(me.token);
    expect(newest.items.map((m) => m.id)).toEqual([keys[2], keys[1], keys[0]]);

    const all = await t.api("POST", "/me/messages/read-all", { token: me.token });
    expect(all.body).toEqual({ marked: 2, unread: 0 });
    expect((await t.api("GET", "/me/messages/unread-count", { token: me.token })).body).toEqual({ unread: 0 });
    expect((await messagesOf(me.token)).items.every((m) => m.read)).toBe(true);
    expect((await t.api("POST", "/me/messages/read-all", { token: me.token })).body).toEqual({ marked: 0, unread: 0 });
  });

  it("pages of 20, and a kind filter", async () => {
    const me = await citizen();
    for (let i = 0; i < 22; i++) {
      await NoticeModel.create({ _id: `loan:${new Types.ObjectId().toHexString()}:${i + 2}`, subjectId: me.subjectId, kind: "loan", title: `第${i}条`, body: "正文", at: new Date(Date.now() - i * 1000) });
    }
    await recordNotice(notice(me.subjectId, { key: `voucher:${new Types.ObjectId().toHexString()}:expiring`, kind: "voucher", title: "券" }));
    // The 22 went in without a job (as from a process without a worker): the sweep's re-queueing delivers them.
    await jobs.sweep(new Date(Date.now() + 2 * 60_000));
    await eventually(async () => (await messagesOf(me.token)).total === 23, "23 messages");
    const first = await messagesOf(me.token);
    expect(first.items).toHaveLength(20);
    const second = await messagesOf(me.token, "?page=2");
    expect(second.items).toHaveLength(3);
    expect(new Set([...first.items, ...second.items].map((m) => m.id)).size).toBe(23);
    const vouchers = await messagesOf(me.token, "?kind=voucher");
    expect(vouchers.items.map((m) => m.title)).toEqual(["券"]);
    expect(vouchers.unread).toBe(23);
    const bad = await t.api("GET", "/me/messages?page=0&kind=spam", { token: me.token });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["query.kind", "query.page"]);
  });
});

describe("exactly one message per notice", () => {
  it("the job run twice, and four workers racing on one notice, leave one message and one push per account", async () => {
    const me = await citizen();
    const told = notice(me.subjectId);
    // Recorded without queueing (as by a process with no worker), then processed by four racers at once.
    await NoticeModel.create({ _id: told.key, subjectId: told.subjectId, kind: told.kind, title: told.title, body: told.body, link: told.link, at: new Date() });
    const results = await Promise.all([1, 2, 3, 4].map(() => processNotice(told.key, { deliverer, logger: log })));
    expect(results).toEqual(["processed", "processed", "processed", "processed"]);

    // And the same notice through the queue, twice over, and through a second worker process's queue.
    const second = await startBackgroundJobs({ config: t.config, logger: log, redisUrl: t.config.REDIS_URL!, deliverer, sweepEveryMs: 60_000 });
    try {
      await jobs.queue.enqueueNotice(told.key);
      await second.queue.enqueueNotice(told.key);
      await eventually(async () => (await jobs.queue.queue.getJobCounts("waiting", "active", "delayed")).waiting === 0 || null, "the jobs to be taken");
      await new Promise((r) => setTimeout(r, 500));
      await jobs.queue.enqueueNotice(told.key);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await second.close();
    }
    expect(await MessageModel.countDocuments({ _id: told.key })).toBe(1);
    expect(await MessageDeliveryModel.countDocuments({ messageId: told.key })).toBe(1);
    expect(deliverer.to(told.key)).toHaveLength(1);
    const list = await messagesOf(me.token);
    expect(list.items.map((m) => m.id)).toEqual([told.key]);
    expect(list.unread).toBe(1);
  });

  it("a push WeChat could not take now is tried again by the retried job, and still sent once", async () => {
    const me = await citizen();
    const told = notice(me.subjectId);
    await NoticeModel.create({ _id: told.key, subjectId: told.subjectId, kind: told.kind, title: told.title, body: told.body, at: new Date() });
    let calls = 0;
    const flaky: MessageDeliverer = {
      channel: "flaky",
      deliver: async () => (++calls === 1 ? { status: "failed", reason: "微信 -1: busy", retry: true } : { status: "sent" }),
    };
    await expect(processNotice(told.key, { deliverer: flaky, logger: log }, { finalAttempt: false })).rejects.toThrow(RetryableDeliveryError);
    // The message is there to read already; the push slot was given back and the notice is not done.
    expect((await messagesOf(me.token)).items.map((m) => m.id)).toEqual([told.key]);
    expect(await MessageDeliveryModel.countDocuments({ messageId: told.key })).toBe(0);
    expect((await NoticeModel.findById(told.key).lean())!.processedAt).toBeUndefined();

    expect(await processNotice(told.key, { deliverer: flaky, logger: log }, { finalAttempt: false })).toBe("processed");
    expect(await MessageDeliveryModel.find({ messageId: told.key }, { status: 1, userId: 1, _id: 0 }).lean()).toEqual([{ status: "sent", userId: new Types.ObjectId(me.userId) }]);
    expect(await MessageModel.countDocuments({ _id: told.key })).toBe(1);
    expect(calls).toBe(2);

    // On the last try a failure is recorded as such, and the notice is done (the sweep does not retry it for ever).
    const last = notice(me.subjectId);
    await NoticeModel.create({ _id: last.key, subjectId: last.subjectId, kind: last.kind, title: last.title, body: last.body, at: new Date() });
    const down: MessageDeliverer = { channel: "down", deliver: async () => ({ status: "failed", reason: "网络不可用", retry: true }) };
    expect(await processNotice(last.key, { deliverer: down, logger: log }, { finalAttempt: true })).toBe("processed");
    expect(await MessageDeliveryModel.findOne({ messageId: last.key }, { status: 1, reason: 1, _id: 0 }).lean()).toEqual({ status: "failed", reason: "网络不可用" });
    expect((await NoticeModel.findById(last.key).lean())!.processedAt).toBeInstanceOf(Date);
  });

  it("the same fact recorded twice is one notice, one message", async () => {
    const me = await citizen();
    const told = notice(me.subjectId);
    await recordNotice(told);
    // A retry, and another request telling the same fact in other words: the first telling stands.
    await Promise.all([recordNotice(told), recordNotice({ ...told, title: "另一种说法" })]);
    await eventually(async () => (await messagesOf(me.token)).total === 1, "the message");
    await new Promise((r) => setTimeout(r, 300));
    expect((await messagesOf(me.token)).items.map((m) => m.title)).toEqual(["贷款申请已受理"]);
  });
});

describe("Redis may lose jobs: the store is the truth", () => {
  it("a notice whose job was lost, and the sweep schedule with it, is still delivered by the sweep", async () => {
    const me = await citizen();
    const told = notice(me.subjectId);
    // The worker of another process queued it; then Redis lost everything before any worker ran the job.
    await jobs.close();
    const producer = new JobQueue({ redisUrl: t.config.REDIS_URL!, keyPrefix: t.config.REDIS_KEY_PREFIX, logger: log });
    await NoticeModel.create({ _id: told.key, subjectId: told.subjectId, kind: told.kind, title: told.title, body: told.body, at: new Date() });
    await producer.enqueueNotice(told.key);
    await producer.close();
    await t.loseRedisData();

    // A worker running with its clock two minutes on, sweeping every half second.
    const lateClock = () => new Date(Date.now() + 2 * 60_000);
    jobs = await startBackgroundJobs({ config: t.config, logger: log, redisUrl: t.config.REDIS_URL!, deliverer, now: lateClock, sweepEveryMs: 500, redeclareEveryMs: 500 });
    await eventually(async () => (await messagesOf(me.token)).total === 1, "the message of the lost job");

    // Redis loses its data again while the worker runs: the schedule is declared again and the sweep goes on.
    await t.loseRedisData();
    const later = notice(me.subjectId);
    await NoticeModel.create({ _id: later.key, subjectId: later.subjectId, kind: later.kind, title: "第二条", body: later.body, at: new Date() });
    await eventually(async () => (await messagesOf(me.token)).total === 2, "the message after the second loss");
    expect(await MessageModel.countDocuments({ _id: { $in: [told.key, later.key] } })).toBe(2);
  });
});

describe("whose messages", () => {
  it("another subject's messages are not listed, and marking one read is 404 with nothing written", async () => {
    const [me, other] = [await citizen(), await citizen()];
    const theirs = notice(other.subjectId);
    await recordNotice(theirs);
    await eventually(async () => (await messagesOf(other.token)).total === 1, "their message");

    expect((await messagesOf(me.token)).total).toBe(0);
    expect((await t.api("GET", "/me/messages/unread-count", { token: me.token })).body).toEqual({ unread: 0 });
    const reads = await MessageReadModel.countDocuments();
    const refused = await t.api("POST", `/me/messages/${encoded(theirs.key)}/read`, { token: me.token });
    expect(refused.status).toBe(404);
    expect(refused.body.error.code).toBe("NOT_FOUND");
    expect((await t.api("POST", "/me/messages/read-all", { token: me.token })).body).toEqual({ marked: 0, unread: 0 });
    expect(await MessageReadModel.countDocuments()).toBe(reads);
    expect((await messagesOf(other.token)).unread).toBe(1);
    expect((await t.api("POST", `/me/messages/${encoded("bad id!")}/read`, { token: me.token })).status).toBe(400);
  });

  it("an enterprise's messages are read by its legal representative acting for it, not in her own 消息; read state is per account", async () => {
    const enterprise = await SubjectModel.findOne({ uscc: DEMO_ACCOUNTS.enterprise.uscc }, { _id: 1 }).lean();
    const wangFang = await t.citizenLogin(DEMO_ACCOUNTS.citizens[2]!.phone);
    const acting = await t.api<TSession>("POST", "/auth/act-as", { body: { refreshToken: wangFang.refreshToken, subjectId: enterprise!._id.toHexString() } });
    expect(acting.status).toBe(200);
    const told = notice(enterprise!._id, { key: `commitment:${randomUUID().slice(0, 8)}:due-soon`, kind: "commitment", title: "信用承诺即将到期" });
    await recordNotice(told);

    const asEnterprise = await eventually(async () => {
      const body = await messagesOf(acting.body.accessToken);
      return body.items.some((m) => m.id === told.key) ? body : null;
    }, "the enterprise's message");
    expect(asEnterprise.items.find((m) => m.id === told.key)).toMatchObject({ kind: "commitment", kindLabel: "信用承诺", read: false });
    expect((await messagesOf(wangFang.accessToken)).items.map((m) => m.id)).not.toContain(told.key);
    expect((await t.api("POST", `/me/messages/${encoded(told.key)}/read`, { token: wangFang.accessToken })).status).toBe(404);

    // Pushed to the account that holds the enterprise (her own), once.
    await eventually(async () => deliverer.to(told.key).length === 1, "the push");
    expect(deliverer.to(told.key)[0]!.userId).toBe(wangFang.user.id);

    // Another account holding the enterprise would have its own read state: hers is hers only.
    expect((await t.api("POST", `/me/messages/${encoded(told.key)}/read`, { token: acting.body.accessToken })).body.message.read).toBe(true);
    expect(await MessageReadModel.countDocuments({ messageId: told.key })).toBe(1);
    expect((await MessageReadModel.findOne({ messageId: told.key }).lean())!.userId.toHexString()).toBe(wangFang.user.id);
  });

  it("an account not yet verified has an empty 消息; one verified after its token was issued finds its messages through the account", async () => {
    const unbound = t.tokenFor({ _id: new Types.ObjectId(), role: "citizen", prefectureCode: "530100", subjectId: null });
    expect((await messagesOf(unbound)).total).toBe(0);
    expect((await t.api("GET", "/me/messages/unread-count", { token: unbound })).body).toEqual({ unread: 0 });

    const [user] = await createCitizens([{ phone: nextPhone("176") }]);
    const signedInBefore = t.tokenFor({ _id: user!._id, role: "citizen", prefectureCode: "530100", subjectId: null });
    await recordNotice(notice(user!.subjectId!));
    await eventually(async () => (await messagesOf(signedInBefore)).total === 1, "the message via the account's binding");
  });
});
