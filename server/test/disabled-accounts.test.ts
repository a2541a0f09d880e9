import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RefreshTokenModel } from "../src/modules/auth/refresh-token.model";
import { UserModel } from "../src/modules/users/model";
import { createCitizens } from "./fixtures";
import { startTestServer, type TestServer } from "./harness";

/** A disabled account gets no new session, whichever way it signs in. */
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ name: "disabled-accounts" });
});
afterAll(() => t.close());

const disable = (userId: string) => UserModel.updateOne({ _id: new mongoose.Types.ObjectId(userId) }, { $set: { disabledAt: new Date() } });
const sessionsOf = (userId: string) => RefreshTokenModel.countDocuments({ userId: new mongoose.Types.ObjectId(userId) });

function expectRefusedAsDisabled(res: { status: number; body: any }) {
  expect(res.status).toBe(403);
  expect(res.body.error.code).toBe("FORBIDDEN");
  expect(res.body.error.message).toContain("停用");
  expect(res.body.accessToken).toBeUndefined();
}

describe("a disabled account", () => {
  it("cannot refresh its session; an active account can", async () => {
    const active = await t.citizenLogin("13900007001");
    const refreshed = await t.api("POST", "/auth/refresh", { body: { refreshToken: active.refreshToken } });
    expect(refreshed.status).toBe(200);

    const session = await t.citizenLogin("13900007002");
    await disable(session.user.id);
    const before = await sessionsOf(session.user.id);
    expectRefusedAsDisabled(await t.api("POST", "/auth/refresh", { body: { refreshToken: session.refreshToken } }));
    expect(await sessionsOf(session.user.id)).toBe(before);
  });

  it("cannot sign in with a phone code, even a correct one", async () => {
    const [user] = await createCitizens([{ phone: "13900007003" }]);
    await disable(user!._id.toHexString());
    const sent = await t.api("POST", "/auth/otp", { body: { phone: "13900007003" } });
    expect(sent.status).toBe(200);
    expectRefusedAsDisabled(await t.api("POST", "/auth/phone/login", { body: { phone: "13900007003", code: sent.body.devCode } }));
    expect(await sessionsOf(user!._id.toHexString())).toBe(0);
  });

  it("cannot sign in through WeChat; the same code worked before it was disabled", async () => {
    const code = "wx-disabled-account-0001";
    const first = await t.api("POST", "/auth/wechat/login", { body: { code } });
    expect(first.status).toBe(200);
    const userId = first.body.user.id as string;
    await disable(userId);
    const before = await sessionsOf(userId);
    expectRefusedAsDisabled(await t.api("POST", "/auth/wechat/login", { body: { code } }));
    expect(await sessionsOf(userId)).toBe(before);
    // Refused, not replaced: no second account was made for the same WeChat user.
    expect(await UserModel.countDocuments({ wechatOpenId: (await UserModel.findById(userId).lean())!.wechatOpenId })).toBe(1);
  });
});
