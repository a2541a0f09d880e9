import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../test/harness";
import { RevokedFamilyModel } from "./refresh-token.model";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ name: "auth-revocation" });
});
afterAll(() => t.close());

const me = (token: string) => t.api("GET", "/me", { token });

describe("ending a session ends its access tokens at once", () => {
  it("verify() still accepts a valid token and names its session", async () => {
    const session = await t.consoleLogin("admin", "Admin@2026");
    const verified = t.services.accessTokens.verify(session.accessToken);
    expect(verified?.actor).toMatchObject({ userId: session.user.id, role: "platform_admin" });
    expect(verified?.familyId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await me(session.accessToken)).status).toBe(200);
  });

  it("after logout the old access token is refused (401 AUTH_TOKEN_INVALID); other sessions go on", async () => {
    const session = await t.consoleLogin("admin", "Admin@2026");
    const other = await t.consoleLogin("admin", "Admin@2026");
    expect((await me(session.accessToken)).status).toBe(200);
    expect((await t.api("POST", "/auth/logout", { token: session.accessToken, body: { refreshToken: session.refreshToken } })).status).toBe(204);

    const after = await me(session.accessToken);
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe("AUTH_TOKEN_INVALID");
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it("after refresh-token reuse every access token of the family is refused", async () => {
    const first = await t.citizenLogin("13800000001");
    const second = await t.api("POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    const reuse = await t.api("POST", "/auth/refresh", { body: { refreshToken: first.refreshToken } });
    expect(reuse.body.error.code).toBe("AUTH_REFRESH_REUSED");

    for (const token of [first.accessToken, second.body.accessToken]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe("AUTH_TOKEN_INVALID");
    }
  });

  it("after Redis loses its data a revoked token is still refused, from the store's revocations", async () => {
    const revoked = await t.consoleLogin("km_admin", "Kunming@2026");
    const live = await t.consoleLogin("km_admin", "Kunming@2026");
    await t.api("POST", "/auth/logout", { token: revoked.accessToken, body: { refreshToken: revoked.refreshToken } });
    expect(await RevokedFamilyModel.countDocuments({ _id: t.services.accessTokens.verify(revoked.accessToken)!.familyId })).toBe(1);

    await t.loseRedisData();
    const res = await me(revoked.accessToken);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("AUTH_TOKEN_INVALID");
    expect((await me(live.accessToken)).status).toBe(200);

    // And once more, now that Redis holds the reloaded list again.
    expect((await me(revoked.accessToken)).status).toBe(401);
  });
});
