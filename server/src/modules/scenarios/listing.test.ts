import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAvailableScenario } from "@xinyi/shared";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";

// What the mini-program's 立即领取 needs to say what is true: verify first, the voucher held, or why not.
let t: TestServer;
const TITLE = "石林景区门票 守信游客立减";

beforeAll(async () => {
  t = await startTestServer({ name: "listing" });
});
afterAll(() => t.close());

const listed = async (token: string): Promise<TAvailableScenario[]> => {
  const res = await t.api("GET", "/scenarios/available", { token });
  expect(res.status).toBe(200);
  return res.body.items;
};

describe("the listing of benefits for one account", () => {
  it("an account without a verified identity is told to verify, not that it is ineligible for credit reasons", async () => {
    const session = await t.citizenLogin("13900000077");
    expect((await t.api("PATCH", "/me", { token: session.accessToken, body: { prefectureCode: "530100" } })).status).toBe(200);
    const items = await listed(session.accessToken);
    expect(items.length).toBeGreaterThan(0);
    for (const s of items) expect(s).toMatchObject({ needsIdentity: true, eligible: false, claimedByMe: false });
    expect(items.every((s) => s.myClaim === undefined)).toBe(true);
  });

  it("a verified citizen: eligible without a claim, then holding the voucher it claimed", async () => {
    const [user] = await createCitizens([{ phone: "16700000001", score: 720 }]);
    const token = t.tokenFor(user!);
    const before = (await listed(token)).find((s) => s.title === TITLE)!;
    expect(before).toMatchObject({ needsIdentity: false, eligible: true, claimedByMe: false });
    expect(before.myClaim).toBeUndefined();
    const claim = await t.api("POST", `/scenarios/${before.id}/claims`, { token, headers: { "idempotency-key": randomUUID() } });
    expect(claim.status).toBe(201);
    const after = (await listed(token)).find((s) => s.id === before.id)!;
    expect(after).toMatchObject({ claimedByMe: true, myClaim: { id: claim.body.id, status: "claimed", benefit: "门票立减20元" } });
    // Cancelled: no voucher held any more, and it can be claimed again.
    await t.api("POST", `/me/claims/${claim.body.id}/cancel`, { token });
    const cancelled = (await listed(token)).find((s) => s.id === before.id)!;
    expect(cancelled.claimedByMe).toBe(false);
    expect(cancelled.myClaim).toBeUndefined();
  });

  it("a citizen who is not eligible gets the reason", async () => {
    const [user] = await createCitizens([{ phone: "16700000002", score: 600 }]);
    const s = (await listed(t.tokenFor(user!))).find((x) => x.title === TITLE)!;
    expect(s).toMatchObject({ needsIdentity: false, eligible: false });
    expect(s.reasons[0]).toMatch(/信用分/);
  });
});
