import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCitizens } from "../../../test/fixtures";
import { startTestServer, type TestServer } from "../../../test/harness";
import { createBankWithStaff, createStaff, productBody, publishedProduct } from "../../../test/loan-fixtures";
import { nextPhone } from "../../../test/scenario-fixtures";
import { AuditEntryModel } from "../audit/model";
import { UserModel } from "../users/model";
import { LoanProductEventModel, LoanProductModel } from "./model";

let t: TestServer;
let platform: string;
let kunming: string;
let dali: string;

beforeAll(async () => {
  t = await startTestServer({ name: "loan-products" });
  platform = (await t.consoleLogin("admin", "Admin@2026")).accessToken;
  kunming = (await t.consoleLogin("km_admin", "Kunming@2026")).accessToken;
  const daliAdmin = await UserModel.create({ role: "regional_admin", displayName: "大理州信用办", prefectureCode: "532900" });
  dali = t.services.accessTokens.sign({ userId: daliAdmin._id.toHexString(), role: "regional_admin", prefectureCode: "532900" }, "test-family").token;
});
afterAll(() => t.close());

const transition = (token: string, id: string, action: string, expectedVersion: number, reason?: string) =>
  t.api("POST", `/loan-products/${id}/transitions`, { token, body: { action, expectedVersion, ...(reason ? { reason } : {}) } });

describe("a bank's products and their review", () => {
  it("the manager creates a draft; it goes submit → approve (昆明's administrator) → publish, each version an event", async () => {
    const { bank, manager } = await createBankWithStaff(t);
    const created = await t.api("POST", "/loan-products", { token: manager.token, body: productBody({ name: "昆明个人信用贷" }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: "昆明个人信用贷", bankPartnerId: bank.id, bankName: bank.name, status: "draft", version: 1, ruleSummary: expect.any(String) });

    const early = await transition(manager.token, created.body.id, "publish", 1);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("SCENARIO_TRANSITION_INVALID");

    const submitted = await transition(manager.token, created.body.id, "submit", 1);
    expect(submitted.body).toMatchObject({ status: "submitted", version: 2 });
    const selfApproved = await transition(manager.token, created.body.id, "approve", 2);
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.body.error.code).toBe("FORBIDDEN");
    const rejectedWithoutReason = await transition(kunming, created.body.id, "reject", 2);
    expect(rejectedWithoutReason.status).toBe(400);
    expect(rejectedWithoutReason.body.error.details.issues[0].path).toBe("body.reason");
    const approved = await transition(kunming, created.body.id, "approve", 2);
    expect(approved.body).toMatchObject({ status: "approved", version: 3 });
    const published = await transition(manager.token, created.body.id, "publish", 3);
    expect(published.body).toMatchObject({ status: "published", version: 4, publishedAt: expect.any(String) });

    const stored = await LoanProductModel.findById(created.body.id).lean();
    expect(stored).toMatchObject({ status: "published", version: 4 });
    const events = await LoanProductEventModel.find({ productId: stored!._id }).sort({ version: 1 }).lean();
    expect(events.map((e) => [e.version, e.to])).toEqual([[1, "draft"], [2, "submitted"], [3, "approved"], [4, "published"]]);
    const history = await t.api("GET", `/loan-products/${created.body.id}/history`, { token: kunming });
    expect(history.body.items.map((e: { to: string }) => e.to)).toEqual(["draft", "submitted", "approved", "published"]);
  });

  it("a product of several prefectures is the platform's to approve, not one prefecture's", async () => {
    const { manager } = await createBankWithStaff(t, { provinceWide: true });
    const created = await t.api("POST", "/loan-products", { token: manager.token, body: productBody({ prefectureCodes: ["530100", "532900"] }) });
    const submitted = await transition(manager.token, created.body.id, "submit", 1);
    const byKunming = await transition(kunming, created.body.id, "approve", submitted.body.version);
    expect(byKunming.status).toBe(403);
    expect(byKunming.body.error.code).toBe("FORBIDDEN");
    const byPlatform = await transition(platform, created.body.id, "approve", submitted.body.version);
    expect(byPlatform.status).toBe(200);
    expect((await LoanProductModel.findById(created.body.id).lean())!.status).toBe("approved");
  });

  it("a loan officer cannot create, edit or submit a product (403), and the product stays as it was", async () => {
    const { manager, officer } = await createBankWithStaff(t);
    const created = await t.api("POST", "/loan-products", { token: manager.token, body: productBody() });
    const byOfficer = await t.api("POST", "/loan-products", { token: officer.token, body: productBody() });
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.error.code).toBe("FORBIDDEN");
    const edit = await t.api("PUT", `/loan-products/${created.body.id}`, { token: officer.token, body: { ...productBody({ name: "改名" }), expectedVersion: 1 } });
    expect(edit.status).toBe(403);
    expect(edit.body.error.code).toBe("FORBIDDEN");
    const submit = await transition(officer.token, created.body.id, "submit", 1);
    expect(submit.status).toBe(403);
    expect(await LoanProductModel.findById(created.body.id).lean()).toMatchObject({ name: created.body.name, status: "draft", version: 1 });
    // The officer still reads it: the queue and the products of the bank are theirs to know.
    expect((await t.api("GET", `/loan-products/${created.body.id}`, { token: officer.token })).status).toBe(200);
  });

  it("the manager edits a draft as a new version; an edit from a stale version gets 409 VERSION_CONFLICT", async () => {
    const { manager } = await createBankWithStaff(t);
    const created = await t.api("POST", "/loan-products", { token: manager.token, body: productBody() });
    const edited = await t.api("PUT", `/loan-products/${created.body.id}`, { token: manager.token, body: { ...productBody({ name: "新名称贷" }), expectedVersion: 1 } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: "新名称贷", version: 2, status: "draft" });
    const stale = await t.api("PUT", `/loan-products/${created.body.id}`, { token: manager.token, body: { ...productBody({ name: "过期的修改" }), expectedVersion: 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("VERSION_CONFLICT");
    expect((await LoanProductModel.findById(created.body.id).lean())!.name).toBe("新名称贷");
  });

  it("checks rule thresholds against the published scales and keeps products inside the bank's area", async () => {
    const { bank, manager } = await createBankWithStaff(t, { prefectureCodes: ["530100"] });
    const offScale = await t.api("POST", "/loan-products", { token: manager.token, body: productBody({ applicantKinds: ["enterprise"], rule: { type: "minScore", subjectKind: "enterprise", score: 500 } }) });
    expect(offScale.status).toBe(400);
    expect(offScale.body.error.code).toBe("VALIDATION_FAILED");
    expect(offScale.body.error.details.issues[0].path).toBe("body.rule.score");
    const outside = await t.api("POST", "/loan-products", { token: manager.token, body: productBody({ prefectureCodes: ["532900"] }) });
    expect(outside.status).toBe(403);
    expect(outside.body.error.details.issues[0].path).toBe("body.prefectureCodes");
    const provinceWide = await t.api("POST", "/loan-products", { token: manager.token, body: productBody({ provinceWide: true, prefectureCodes: [] }) });
    expect(provinceWide.status).toBe(403);
    expect(await LoanProductModel.countDocuments({ bankPartnerId: bank.id })).toBe(0);
  });

  it("bank B neither sees nor acts on bank A's product: get, edit, transitions and history all answer 404", async () => {
    const a = await createBankWithStaff(t);
    const b = await createBankWithStaff(t);
    const created = await t.api("POST", "/loan-products", { token: a.manager.token, body: productBody() });
    const id = created.body.id as string;
    const answers = await Promise.all([
      t.api("GET", `/loan-products/${id}`, { token: b.manager.token }),
      t.api("PUT", `/loan-products/${id}`, { token: b.manager.token, body: { ...productBody({ name: "别人的" }), expectedVersion: 1 } }),
      transition(b.manager.token, id, "submit", 1),
      t.api("GET", `/loan-products/${id}/history`, { token: b.manager.token }),
      t.api("GET", `/loan-products/${id}`, { token: b.officer.token }),
    ]);
    expect(answers.map((r) => [r.status, r.body.error?.code])).toEqual(Array(5).fill([404, "NOT_FOUND"]));
    const list = await t.api("GET", "/loan-products", { token: b.manager.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await t.api("GET", "/loan-products", { token: a.manager.token })).body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect(await LoanProductModel.findById(id).lean()).toMatchObject({ name: created.body.name, status: "draft", version: 1 });
  });

  it("an operator of a partner that is not a bank has no loan products (403); 大理's administrator does not see 昆明's (404)", async () => {
    const tourism = await t.consoleLogin("ynly_operator", "Partner@2026");
    const list = await t.api("GET", "/loan-products", { token: tourism.accessToken });
    expect(list.status).toBe(403);
    expect(list.body.error.code).toBe("FORBIDDEN");
    const created = await t.api("POST", "/loan-products", { token: tourism.accessToken, body: productBody() });
    expect(created.status).toBe(403);

    const { manager } = await createBankWithStaff(t);
    const product = await t.api("POST", "/loan-products", { token: manager.token, body: productBody() });
    const seen = await t.api("GET", `/loan-products/${product.body.id}`, { token: dali });
    expect(seen.status).toBe(404);
    expect((await t.api("GET", `/loan-products/${product.body.id}`, { token: kunming })).status).toBe(200);
  });
});

describe("available products for applicants", () => {
  it("shows published products of my region with my terms from my grade's tier, or why not and what would change it", async () => {
    const { manager } = await createBankWithStaff(t, { provinceWide: true });
    const citizensProduct = await publishedProduct(t, manager.token, kunming, {
      name: "守信个人贷",
      gradeTiers: [{ grades: ["A"], maxAmountWan: 20, minRate: 3.8 }],
    });
    const enterprisesOnly = await publishedProduct(t, manager.token, kunming, { name: "企业经营贷", applicantKinds: ["enterprise"], rule: { type: "all", rules: [] } });
    const inDali = await publishedProduct(t, manager.token, dali, { name: "大理专属贷", prefectureCodes: ["532900"] });
    const draft = await t.api("POST", "/loan-products", { token: manager.token, body: productBody({ name: "草稿贷" }) });

    const [good, low] = await createCitizens([{ phone: nextPhone(), score: 700 }, { phone: nextPhone(), score: 600 }]);
    const list = await t.api("GET", "/loan-products/available", { token: t.tokenFor(good!) });
    expect(list.status).toBe(200);
    const names = list.body.items.map((p: { name: string }) => p.name);
    expect(names).toContain("守信个人贷");
    expect(names).toContain("企业经营贷");
    expect(names).not.toContain("大理专属贷");
    expect(names).not.toContain("草稿贷");
    const mine = list.body.items.find((p: { id: string }) => p.id === citizensProduct.id);
    expect(mine).toMatchObject({ eligible: true, myTerms: { maxAmountWan: 20, minRate: 3.8, maxRate: 6, termMonths: { min: 6, max: 60 }, grade: "A" }, reasons: [], needsIdentity: false });
    expect(mine.rule).toBeUndefined();
    const enterprise = list.body.items.find((p: { id: string }) => p.id === enterprisesOnly.id);
    expect(enterprise.eligible).toBe(false);
    expect(enterprise.reasons).toEqual(["该产品仅面向企业申请"]);
    expect(enterprise.myTerms).toBeUndefined();

    const lowOne = await t.api("GET", `/loan-products/${citizensProduct.id}/available`, { token: t.tokenFor(low!) });
    expect(lowOne.status).toBe(200);
    expect(lowOne.body.eligible).toBe(false);
    expect(lowOne.body.reasons.join("")).toContain("650");
    const daliOne = await t.api("GET", `/loan-products/${inDali.id}/available`, { token: t.tokenFor(good!) });
    expect(daliOne.body.eligible).toBe(false);
    expect(daliOne.body.reasons[0]).toContain("不面向您所在的地区");
    const draftOne = await t.api("GET", `/loan-products/${draft.body.id}/available`, { token: t.tokenFor(good!) });
    expect(draftOne.status).toBe(404);
  });
});

describe("bank operators' posts (/partners/mine/operators)", () => {
  it("a bank's manager adds operators with a post; without one is refused; an officer cannot add; the list shows each post", async () => {
    const { bank, manager, officer } = await createBankWithStaff(t);
    const first = await createStaff(t, bank.id, null, "首任操作员");
    const added = await t.api("POST", "/partners/mine/operators", { token: manager.token, body: { username: "bank_new_officer", password: "Officer@2026x", displayName: "李信贷", staffRole: "loan_officer" } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ username: "bank_new_officer", staffRole: "loan_officer" });
    expect((await UserModel.findById(added.body.id).lean())!.staffRole).toBe("loan_officer");

    const noPost = await t.api("POST", "/partners/mine/operators", { token: manager.token, body: { username: "bank_no_post", password: "Officer@2026x", displayName: "无岗位" } });
    expect(noPost.status).toBe(400);
    expect(noPost.body.error).toMatchObject({ code: "VALIDATION_FAILED", details: { issues: [{ path: "body.staffRole" }] } });
    const byOfficer = await t.api("POST", "/partners/mine/operators", { token: officer.token, body: { username: "bank_sneaky", password: "Officer@2026x", displayName: "自封经理", staffRole: "bank_manager" } });
    expect(byOfficer.status).toBe(403);
    expect(await UserModel.countDocuments({ username: { $in: ["bank_no_post", "bank_sneaky"] } })).toBe(0);

    const listed = await t.api("GET", "/partners/mine/operators", { token: manager.token });
    const posts = Object.fromEntries(listed.body.items.map((o: { displayName: string; staffRole: string }) => [o.displayName, o.staffRole]));
    expect(posts).toEqual({ 经理甲: "bank_manager", 王信贷: "loan_officer", 李信贷: "loan_officer", [first.displayName]: "bank_manager" });
  });

  it("another kind of partner's operator gets no post: a staffRole is refused naming body.staffRole", async () => {
    const tourism = await t.consoleLogin("ynly_operator", "Partner@2026");
    const refused = await t.api("POST", "/partners/mine/operators", { token: tourism.accessToken, body: { username: "tour_post", password: "Cashier@2026x", displayName: "收银", staffRole: "loan_officer" } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.issues[0].path).toBe("body.staffRole");
    expect(await UserModel.exists({ username: "tour_post" })).toBeNull();
    const listed = await t.api("GET", "/partners/mine/operators", { token: tourism.accessToken });
    expect(listed.body.items.length).toBeGreaterThan(0);
    expect(listed.body.items.every((o: { staffRole?: string }) => o.staffRole === undefined)).toBe(true);
  });
});

describe("the working-day calendar", () => {
  it("the platform administrator replaces a year's list (audited); a regional administrator reads it but cannot change it", async () => {
    const items = [
      { date: "2027-01-01", kind: "holiday", name: "元旦" },
      { date: "2027-02-06", kind: "workday", name: "春节调休" },
    ];
    const put = await t.api("PUT", "/calendar/days/2027", { token: platform, body: { items } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.items).toEqual(items);
    const read = await t.api("GET", "/calendar/days?year=2027", { token: kunming });
    expect(read.body.items).toEqual(items);
    expect(await AuditEntryModel.countDocuments({ action: "calendar.replace_year", target: "calendar:2027" })).toBe(1);

    const byKunming = await t.api("PUT", "/calendar/days/2027", { token: kunming, body: { items: [] } });
    expect(byKunming.status).toBe(403);
    const wrongYear = await t.api("PUT", "/calendar/days/2027", { token: platform, body: { items: [{ date: "2026-12-31", kind: "holiday", name: "跨年" }] } });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.error.details.issues[0].path).toBe("body.items.0.date");
    expect((await t.api("GET", "/calendar/days?year=2027", { token: platform })).body.items).toEqual(items);
  });
});

describe("the API document", () => {
  it("describes the loan routes with their answers and refusals", async () => {
    const res = await fetch(`${t.baseUrl}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ["/api/v1/loan-products", "/api/v1/loan-products/available", "/api/v1/loan-products/{id}/applications", "/api/v1/loan-applications/{id}/transitions", "/api/v1/calendar/days/{year}", "/api/v1/me/loan-applications/{id}/withdraw"]) {
      expect(Object.keys(doc.paths), path).toContain(path);
    }
    const apply = doc.paths["/api/v1/loan-products/{id}/applications"]!.post as { responses: Record<string, unknown> };
    expect(Object.keys(apply.responses)).toEqual(expect.arrayContaining(["201", "400", "404", "409", "422"]));
  });
});
