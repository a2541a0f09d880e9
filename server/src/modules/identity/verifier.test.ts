import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config";
import { TEST_SECRETS } from "../../../test/harness";
import { DEMO_IDENTITIES, DEMO_UNKNOWN_IDENTITY } from "./demo-identities";
import { DevIdentityVerifier, HttpIdentityVerifier } from "./verifier";

const APP_KEY = "xinyi-test";
const APP_SECRET = "local-stand-in-secret-0123456789";

/** A local stand-in of a citizen-identity check service: checks the signature, answers from one known person. */
let server: http.Server;
let url: string;
const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      seen.push({ headers: req.headers, body });
      const expected = createHmac("sha256", APP_SECRET).update(`${req.headers["x-timestamp"]}\n${req.headers["x-nonce"]}\n${body}`).digest("hex");
      if (req.headers["x-app-key"] !== APP_KEY || req.headers["x-signature"] !== expected) {
        res.writeHead(401).end(JSON.stringify({ error: "bad signature" }));
        return;
      }
      const { name, idNumber } = JSON.parse(body) as { name: string; idNumber: string };
      const result = idNumber !== DEMO_IDENTITIES.liHua.idNumber ? "unknown" : name === DEMO_IDENTITIES.liHua.name ? "match" : "mismatch";
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ result }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/id-check`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the HTTPS identity-check adapter", () => {
  it("signs its request and maps the service's answers", async () => {
    const verifier = new HttpIdentityVerifier(url, APP_KEY, APP_SECRET);
    expect(await verifier.verify({ name: "李华", idNumber: DEMO_IDENTITIES.liHua.idNumber })).toBe("match");
    expect(await verifier.verify({ name: "李桦", idNumber: DEMO_IDENTITIES.liHua.idNumber })).toBe("mismatch");
    expect(await verifier.verify(DEMO_UNKNOWN_IDENTITY)).toBe("unknown");
    expect(seen.at(-1)!.headers).toMatchObject({ "x-app-key": APP_KEY, "x-signature": expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it("reports an unavailable service, never a verdict, when the service refuses the request", async () => {
    const verifier = new HttpIdentityVerifier(url, APP_KEY, "not-the-right-secret-0000");
    await expect(verifier.verify({ name: "李华", idNumber: DEMO_IDENTITIES.liHua.idNumber })).rejects.toMatchObject({ code: "NOT_READY" });
  });

  it("the development stand-in answers match / mismatch / unknown from the demo registry", async () => {
    const dev = new DevIdentityVerifier();
    expect(await dev.verify(DEMO_IDENTITIES.wangFang)).toBe("match");
    expect(await dev.verify({ ...DEMO_IDENTITIES.wangFang, name: "王方" })).toBe("mismatch");
    expect(await dev.verify(DEMO_UNKNOWN_IDENTITY)).toBe("unknown");
  });
});

describe("identity provider configuration", () => {
  const production = { ...TEST_SECRETS, NODE_ENV: "production", OTP_SENDER: "console" };

  it("refuses the development stand-in in production", () => {
    expect(() => loadConfig(production)).toThrow(/IDENTITY_PROVIDER/);
  });

  it("requires the http provider's URL, key and secret, over https in production", () => {
    expect(() => loadConfig({ ...TEST_SECRETS, IDENTITY_PROVIDER: "http" })).toThrow(/IDENTITY_HTTP_URL[\s\S]*IDENTITY_HTTP_APP_KEY[\s\S]*IDENTITY_HTTP_APP_SECRET/);
    const http = { IDENTITY_PROVIDER: "http", IDENTITY_HTTP_URL: "http://id.example.cn/check", IDENTITY_HTTP_APP_KEY: APP_KEY, IDENTITY_HTTP_APP_SECRET: APP_SECRET };
    expect(() => loadConfig({ ...production, ...http })).toThrow(/IDENTITY_HTTP_URL: must be an https/);
    expect(loadConfig({ ...TEST_SECRETS, ...http }).IDENTITY_PROVIDER).toBe("http");
  });
});
