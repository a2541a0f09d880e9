import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, TEST_SECRETS, type TestServer } from "../../../test/harness";
import { loadConfig } from "../../config";
import { createLogger } from "../../infra/logger";
import { createOtpSender } from "./otp";

type Received = { method: string; query: URLSearchParams; authorization: string };

/** A stand-in of Alibaba Cloud's SMS endpoint on 127.0.0.1: records each request and answers as told. */
let provider: http.Server;
let received: Received[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: { Code: "OK", Message: "OK", BizId: "900619746936498440^0", RequestId: "r-1" } };

let t: TestServer;
beforeAll(async () => {
  provider = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    received.push({ method: req.method ?? "", query: url.searchParams, authorization: req.headers.authorization ?? "" });
    req.resume();
    req.on("end", () => {
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, "127.0.0.1", resolve));
  t = await startTestServer({
    name: "auth-sms",
    env: {
      OTP_SENDER: "aliyun",
      ALIYUN_SMS_ACCESS_KEY_ID: "LTAI5tTestKeyId",
      ALIYUN_SMS_ACCESS_KEY_SECRET: "test-access-key-secret",
      ALIYUN_SMS_SIGN_NAME: "信易加",
      ALIYUN_SMS_TEMPLATE_CODE: "SMS_465000001",
      ALIYUN_SMS_ENDPOINT: `http://127.0.0.1:${(provider.address() as AddressInfo).port}`,
    },
  });
});
afterAll(async () => {
  await t.close();
  await new Promise((resolve) => provider.close(resolve));
});

describe("one-time codes by Alibaba Cloud SMS", () => {
  it("texts the code with the configured signature and template, and the texted code signs in", async () => {
    received = [];
    const sent = await t.api("POST", "/auth/otp", { body: { phone: "13900000201" } });
    expect(sent.status).toBe(200);
    expect(sent.body.devCode).toBeUndefined();

    expect(received).toHaveLength(1);
    const { query, authorization, method } = received[0]!;
    expect(method).toBe("POST");
    expect(query.get("PhoneNumbers")).toBe("13900000201");
    expect(query.get("SignName")).toBe("信易加");
    expect(query.get("TemplateCode")).toBe("SMS_465000001");
    const { code } = JSON.parse(query.get("TemplateParam") ?? "{}") as { code?: string };
    expect(code).toMatch(/^\d{6}$/);
    // Signed with the configured access key.
    expect(authorization).toContain("Credential=LTAI5tTestKeyId");

    const login = await t.api("POST", "/auth/phone/login", { body: { phone: "13900000201", code } });
    expect(login.status).toBe(200);
    expect(login.body.user.phoneMasked).toBe("139****0201");
  });

  it.each([
    ["refuses the message (HTTP 200, Code other than OK)", "13900000211", { status: 200, body: { Code: "isv.BUSINESS_LIMIT_CONTROL", Message: "触发天级流控", RequestId: "r-2" } }],
    ["fails (HTTP 500)", "13900000212", { status: 500, body: { Code: "InternalError", Message: "internal error", RequestId: "r-3" } }],
    ["refuses the access key (HTTP 403)", "13900000213", { status: 403, body: { Code: "InvalidAccessKeyId.NotFound", Message: "not found", RequestId: "r-4" } }],
  ])("tells the person the text could not be sent when the provider %s", async (_, phone, providerAnswer) => {
    answer = providerAnswer;
    received = [];
    const res = await t.api("POST", "/auth/otp", { body: { phone } });
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ code: "SMS_SEND_FAILED", message: "验证码短信发送失败，请稍后重试" });
    answer = { status: 200, body: { Code: "OK", Message: "OK", RequestId: "r-5" } };
  });
});

describe("production configuration of the SMS sender", () => {
  const production = {
    ...TEST_SECRETS,
    NODE_ENV: "production",
    MONGODB_URI: "mongodb://db.internal:27017",
    REDIS_URL: "redis://cache.internal:6379",
    // Production refuses the development identity check too (another part of the configuration).
    IDENTITY_PROVIDER: "http",
    IDENTITY_HTTP_URL: "https://id.example.cn/verify",
    IDENTITY_HTTP_APP_KEY: "app-key",
    IDENTITY_HTTP_APP_SECRET: "identity-app-secret-0123456789",
  };
  const aliyun = {
    OTP_SENDER: "aliyun",
    ALIYUN_SMS_ACCESS_KEY_ID: "LTAI5tProdKeyId",
    ALIYUN_SMS_ACCESS_KEY_SECRET: "prod-access-key-secret",
    ALIYUN_SMS_SIGN_NAME: "信易加",
    ALIYUN_SMS_TEMPLATE_CODE: "SMS_465000001",
  };
  it("refuses the console sender", () => {
    expect(() => loadConfig({ ...production, OTP_SENDER: "console" })).toThrow(/OTP_SENDER: the console sender logs codes/);
  });

  it("names every missing Alibaba Cloud variable", () => {
    let message = "";
    try {
      loadConfig({ ...production, OTP_SENDER: "aliyun", ALIYUN_SMS_SIGN_NAME: "信易加" });
    } catch (err) {
      message = (err as Error).message;
    }
    for (const name of ["ALIYUN_SMS_ACCESS_KEY_ID", "ALIYUN_SMS_ACCESS_KEY_SECRET", "ALIYUN_SMS_TEMPLATE_CODE"]) {
      expect(message).toContain(`${name}: required when OTP_SENDER=aliyun`);
    }
    expect(message).not.toContain("ALIYUN_SMS_SIGN_NAME");
  });

  it("refuses a plain-HTTP endpoint in production", () => {
    expect(() => loadConfig({ ...production, ...aliyun, ALIYUN_SMS_ENDPOINT: "http://127.0.0.1:9" })).toThrow(/ALIYUN_SMS_ENDPOINT: must be an https/);
  });

  it("boots with Alibaba Cloud SMS configured, and texts rather than shows codes", () => {
    const config = loadConfig({ ...production, ...aliyun });
    expect(config.OTP_SENDER).toBe("aliyun");
    expect(config.ALIYUN_SMS_ENDPOINT).toBe("https://dysmsapi.aliyuncs.com");
    const sender = createOtpSender(config, createLogger("silent"));
    expect(sender.exposesCodes).toBe(false);
  });
});
