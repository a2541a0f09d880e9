import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_SECRETS } from "../../../test/harness";
import { loadConfig } from "../../config";
import { createLogger } from "../../infra/logger";
import { createMessageDeliverer, DevMessageDeliverer, miniProgramPage, WechatSubscribeDeliverer, type DeliverableMessage } from "./deliverer";

const production = {
  ...TEST_SECRETS,
  NODE_ENV: "production",
  MONGODB_URI: "mongodb://db.internal:27017",
  REDIS_URL: "redis://cache.internal:6379",
  OTP_SENDER: "aliyun",
  ALIYUN_SMS_ACCESS_KEY_ID: "LTAI5tProdKeyId",
  ALIYUN_SMS_ACCESS_KEY_SECRET: "prod-access-key-secret",
  ALIYUN_SMS_SIGN_NAME: "信易加",
  ALIYUN_SMS_TEMPLATE_CODE: "SMS_465000001",
  IDENTITY_PROVIDER: "http",
  IDENTITY_HTTP_URL: "https://id.example.cn/verify",
  IDENTITY_HTTP_APP_KEY: "app-key",
  IDENTITY_HTTP_APP_SECRET: "identity-app-secret-0123456789",
};
const wechat = {
  MESSAGE_DELIVERER: "wechat",
  WECHAT_APPID: "wx0123456789abcdef",
  WECHAT_SECRET: "wechat-secret",
  WECHAT_TEMPLATE_IDS: "loan:TmplLoan0123456789, voucher:TmplVoucher0123456",
};

describe("configuration of message pushes", () => {
  it("production refuses the development stand-in that logs messages", () => {
    expect(() => loadConfig({ ...production, MESSAGE_DELIVERER: "dev" })).toThrow(/MESSAGE_DELIVERER: the dev deliverer writes messages to the log; not allowed in production/);
  });

  it("production without a deliverer pushes nothing (messages stay in 消息); development logs them", () => {
    const prod = loadConfig(production);
    expect(prod.MESSAGE_DELIVERER).toBe("none");
    expect(createMessageDeliverer(prod, createLogger("silent"))).toBeNull();
    const dev = loadConfig({ ...TEST_SECRETS });
    expect(dev.MESSAGE_DELIVERER).toBe("dev");
    expect(createMessageDeliverer(dev, createLogger("silent"))).toBeInstanceOf(DevMessageDeliverer);
  });

  it("WeChat pushes need the app's credentials and at least one template, named by kind", () => {
    let message = "";
    try {
      loadConfig({ ...production, MESSAGE_DELIVERER: "wechat" });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ["WECHAT_APPID", "WECHAT_SECRET"]) expect(message).toContain(`${name}: required when MESSAGE_DELIVERER=wechat`);
    expect(message).toContain("WECHAT_TEMPLATE_IDS: required when MESSAGE_DELIVERER=wechat");
    expect(() => loadConfig({ ...production, ...wechat, WECHAT_TEMPLATE_IDS: "sms:TmplLoan0123456789" })).toThrow(/WECHAT_TEMPLATE_IDS: each entry must be kind:templateId/);
    expect(() => loadConfig({ ...production, ...wechat, WECHAT_API_BASE: "http://127.0.0.1:9" })).toThrow(/WECHAT_API_BASE: must be an https/);
    const config = loadConfig({ ...production, ...wechat });
    expect([...config.WECHAT_TEMPLATE_IDS]).toEqual([
      ["loan", "TmplLoan0123456789"],
      ["voucher", "TmplVoucher0123456"],
    ]);
    expect(createMessageDeliverer(config, createLogger("silent"))).toBeInstanceOf(WechatSubscribeDeliverer);
  });
});

const message: DeliverableMessage = {
  id: "loan:65f000000000000000000001:3",
  kind: "loan",
  title: "贷款申请已获授信",
  body: "测试银行已批准您的「消息测试贷」申请：授信20万元，年利率3.8%，期限12个月。",
  link: { page: "loanApplication", id: "65f000000000000000000001" },
  at: new Date("2026-12-01T01:30:00Z"),
};

describe("the development stand-in", () => {
  it("logs the push with ID and phone numbers masked", async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) });
    const deliverer = new DevMessageDeliverer(createLogger("info", sink as never));
    const outcome = await deliverer.deliver({ ...message, body: "身份证530102199001011231的持有人，电话13800000001" }, { userId: "u1" });
    expect(outcome).toEqual({ status: "sent" });
    const logged = lines.join("");
    expect(logged).toContain("development message push");
    expect(logged).not.toContain("530102199001011231");
    expect(logged).not.toContain("13800000001");
    expect(logged).toMatch(/5301\*+1231/);
  });
});

describe("WeChat subscription messages", () => {
  let server: http.Server;
  let base = "";
  const seen: { path: string; body: Record<string, unknown> }[] = [];
  /** What the fake WeChat answers to the next sends, in order; then errcode 0. */
  const sendAnswers: number[] = [];
  let tokens = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let raw = "";
      req.on("data", (c: Buffer) => (raw += c.toString()));
      req.on("end", () => {
        const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        seen.push({ path: req.url ?? "", body });
        res.setHeader("content-type", "application/json");
        if (req.url?.startsWith("/cgi-bin/stable_token")) {
          tokens += 1;
          res.end(JSON.stringify({ access_token: `token-${tokens}`, expires_in: 7200 }));
          return;
        }
        const errcode = sendAnswers.shift() ?? 0;
        res.end(JSON.stringify({ errcode, errmsg: errcode ? "refused" : "ok" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const deliverer = () =>
    new WechatSubscribeDeliverer(
      { appId: "wx0123456789abcdef", secret: "s", templates: new Map([["loan", "TmplLoan0123456789"]]), fields: ["thing1", "thing2", "time3"], state: "formal", apiBase: base },
      createLogger("silent"),
    );

  it("sends the kind's template to the account's openid, opening the linked page, with WeChat's 20-character values", async () => {
    seen.length = 0;
    const outcome = await deliverer().deliver(message, { userId: "u1", wechatOpenId: "oOpenId123" });
    expect(outcome).toEqual({ status: "sent" });
    expect(seen.map((s) => s.path.replace(/access_token=[^&]+/, "access_token=…"))).toEqual(["/cgi-bin/stable_token", "/cgi-bin/message/subscribe/send?access_token=…"]);
    expect(seen[0]!.body).toMatchObject({ grant_type: "client_credential", appid: "wx0123456789abcdef", secret: "s" });
    expect(seen[1]!.body).toEqual({
      touser: "oOpenId123",
      template_id: "TmplLoan0123456789",
      page: "pages/loan-application/index?id=65f000000000000000000001",
      miniprogram_state: "formal",
      lang: "zh_CN",
      data: { thing1: { value: "贷款申请已获授信" }, thing2: { value: "测试银行已批准您的「消息测试贷」申请：…" }, time3: { value: "2026-12-01 09:30" } },
    });
    expect([...(seen[1]!.body.data as { thing2: { value: string } }).thing2.value]).toHaveLength(20);
  });

  it("fetches a fresh token once when WeChat says the token is stale; a user who did not subscribe is skipped; a busy WeChat is retried later", async () => {
    const d = deliverer();
    sendAnswers.push(40001);
    const before = tokens;
    expect(await d.deliver(message, { userId: "u1", wechatOpenId: "o1" })).toEqual({ status: "sent" });
    expect(tokens - before).toBe(2);
    expect(seen.at(-2)!.body).toMatchObject({ force_refresh: true });

    sendAnswers.push(43101);
    expect(await d.deliver(message, { userId: "u1", wechatOpenId: "o1" })).toMatchObject({ status: "skipped" });
    sendAnswers.push(-1);
    expect(await d.deliver(message, { userId: "u1", wechatOpenId: "o1" })).toMatchObject({ status: "failed", retry: true });
    sendAnswers.push(47003);
    expect(await d.deliver(message, { userId: "u1", wechatOpenId: "o1" })).toMatchObject({ status: "failed", retry: false });
  });

  it("skips, without calling WeChat, an account with no WeChat sign-in and a kind with no template", async () => {
    const calls = seen.length;
    expect(await deliverer().deliver(message, { userId: "u1" })).toEqual({ status: "skipped", reason: "账号未绑定微信" });
    expect(await deliverer().deliver({ ...message, kind: "repair" }, { userId: "u1", wechatOpenId: "o1" })).toMatchObject({ status: "skipped" });
    expect(seen.length).toBe(calls);
  });

  it("names the mini-program page of a link key as miniapp ROUTES do", () => {
    expect(miniProgramPage({ page: "voucher", id: "a b" })).toBe("pages/voucher/index?id=a%20b");
    expect(miniProgramPage(undefined)).toBe("pages/messages/index");
  });
});
