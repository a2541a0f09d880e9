import type { TPrefectureCode } from "@xinyi/shared";
import { hashPassword } from "../modules/auth/service";
import { PartnerModel } from "../modules/partners/model";
import { ScenarioModel } from "../modules/scenarios/model";
import { UserModel } from "../modules/users/model";

/** The demo accounts README.md and `npm start` print. Passwords are demo-only. */
export const DEMO_ACCOUNTS = {
  platformAdmin: { username: "admin", password: "Admin@2026", displayName: "省平台管理员" },
  regionalAdmin: { username: "km_admin", password: "Kunming@2026", displayName: "昆明市信用办", prefectureCode: "530100" as TPrefectureCode },
  partnerOperator: { username: "ynly_operator", password: "Partner@2026", displayName: "一部手机游云南 · 前台" },
  citizens: [
    { phone: "13800000001", displayName: "张明", prefectureCode: "530100" as TPrefectureCode, creditScore: 720 },
    { phone: "13800000002", displayName: "李华", prefectureCode: "532900" as TPrefectureCode, creditScore: 680 },
  ],
};

async function upsertConsoleUser(
  account: { username: string; password: string; displayName: string },
  extra: Record<string, unknown>,
): Promise<void> {
  if (await UserModel.exists({ username: account.username })) return;
  await UserModel.create({ ...extra, username: account.username, displayName: account.displayName, passwordHash: await hashPassword(account.password) });
}

/** Idempotent: running it again leaves existing data alone. */
export async function seedDemo(): Promise<void> {
  const { platformAdmin, regionalAdmin, partnerOperator, citizens } = DEMO_ACCOUNTS;
  await upsertConsoleUser(platformAdmin, { role: "platform_admin" });
  await upsertConsoleUser(regionalAdmin, { role: "regional_admin", prefectureCode: regionalAdmin.prefectureCode });

  const partner =
    (await PartnerModel.findOne({ name: "一部手机游云南" })) ??
    (await PartnerModel.create({ name: "一部手机游云南", kind: "tourism", prefectureCodes: ["530100", "532900", "530700"], status: "approved" }));
  await upsertConsoleUser(partnerOperator, { role: "partner_operator", partnerId: partner._id });

  for (const c of citizens) {
    if (!(await UserModel.exists({ phone: c.phone }))) await UserModel.create({ role: "citizen", ...c });
  }

  if ((await ScenarioModel.countDocuments()) === 0) {
    const admin = await UserModel.findOne({ username: platformAdmin.username }).lean();
    const now = Date.now();
    const base = { status: "published" as const, createdBy: admin!._id, publishedBy: admin!._id, publishedAt: new Date(now), startsAt: new Date(now - 86400_000), endsAt: new Date(now + 90 * 86400_000) };
    await ScenarioModel.create([
      { ...base, title: "滇池游船 守信游客8折", category: "tourism" as const, description: "信用良好的游客凭券乘坐滇池游船享8折优惠。", prefectureCodes: ["530100" as const], minCreditScore: 650, quota: 200 },
      { ...base, title: "共享单车 免押金骑行", category: "rental" as const, description: "信用分650分以上免押金骑行，每次最长3小时。", prefectureCodes: ["530100", "532900"], minCreditScore: 650, quota: 1000 },
      { ...base, title: "“云企贷”信用贷款 利率优惠", category: "loan" as const, description: "守信个体工商户申请信用贷款，利率下浮0.3个百分点。", prefectureCodes: ["530100"], minCreditScore: 750, quota: 50 },
    ]);
  }
}
