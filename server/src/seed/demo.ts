import { usccCheckChar, type TPrefectureCode } from "@xinyi/shared";
import type { Services } from "../app";
import type { Actor } from "../http/context";
import { hashPassword } from "../modules/auth/service";
import { DEMO_IDENTITIES } from "../modules/identity/demo-identities";
import { authorityId, SubjectAuthorityModel } from "../modules/identity/model";
import { AccountSubjectModel } from "../modules/subjects/model";
import { PartnerModel } from "../modules/partners/model";
import { ScenarioModel } from "../modules/scenarios/model";
import type { TLoanProductCreateRequest, TScenarioCreateRequest } from "@xinyi/shared";
import { LoanProductModel } from "../modules/loans/model";
import { ensureDefaultScoringModel } from "../modules/scoring/service";
import { UserModel } from "../modules/users/model";

const uscc = (first17: string) => first17 + usccCheckChar(first17);
const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** The demo accounts README.md and `npm start` print. Passwords are demo-only. */
export const DEMO_ACCOUNTS = {
  platformAdmin: { username: "admin", password: "Admin@2026", displayName: "省平台管理员" },
  regionalAdmin: { username: "km_admin", password: "Kunming@2026", displayName: "昆明市信用办", prefectureCode: "530100" as TPrefectureCode },
  partnerOperator: { username: "ynly_operator", password: "Partner@2026", displayName: "一部手机游云南 · 前台" },
  /** Two banks' staff: a manager keeps products and numbers, an officer reviews applications. */
  bankStaff: [
    { username: "ccb_manager", password: "Bank@2026", displayName: "建行 · 普惠金融部经理", bank: "建设银行云南省分行", staffRole: "bank_manager" as const },
    { username: "ccb_officer", password: "Bank@2026", displayName: "建行 · 信贷员 赵磊", bank: "建设银行云南省分行", staffRole: "loan_officer" as const },
    { username: "fudian_manager", password: "Bank@2026", displayName: "富滇银行 · 小微金融部经理", bank: "富滇银行", staffRole: "bank_manager" as const },
  ],
  citizens: [
    { phone: "13800000001", displayName: "张明", prefectureCode: "530100" as TPrefectureCode, idNumber: DEMO_IDENTITIES.zhangMing.idNumber, expectedScore: 720 },
    { phone: "13800000002", displayName: "李华", prefectureCode: "532900" as TPrefectureCode, idNumber: DEMO_IDENTITIES.liHua.idNumber, expectedScore: 680 },
    // The legal representative of the seeded enterprise; verified, and holding the enterprise.
    { phone: "13800000003", displayName: "王芳", prefectureCode: "530100" as TPrefectureCode, idNumber: DEMO_IDENTITIES.wangFang.idNumber, expectedScore: 700 },
  ],
  enterprise: { uscc: uscc("91530100MA6K2Q1X9"), name: "昆明滇池文旅发展有限公司", legalRep: DEMO_IDENTITIES.wangFang },
};

type RecordSeed = Parameters<Services["records"]["create"]>[1];

function demoRecords(): Record<string, Omit<RecordSeed, "subject" | "prefectureCode">[]> {
  return {
    "13800000001": [
      { kind: "licence", title: "食品经营许可", sourceDept: "昆明市市场监督管理局", docNo: "JY25301020001", decidedAt: isoDay(0), publishedAt: isoDay(0), validUntil: isoDay(1825) },
      { kind: "licence", title: "道路运输从业资格", sourceDept: "昆明市交通运输局", docNo: "YS2026-0101", decidedAt: isoDay(0), publishedAt: isoDay(0) },
      { kind: "commitment", title: "告知承诺制办理个体工商户登记", sourceDept: "昆明市政务服务管理局", docNo: "CN2026-88", decidedAt: isoDay(0), validUntil: isoDay(365) },
    ],
    "13800000002": [
      { kind: "penalty", severity: "minor", title: "占道经营", sourceDept: "大理市综合行政执法局", docNo: "大综执罚〔2026〕112号", decidedAt: isoDay(0), publishedAt: isoDay(0), validUntil: isoDay(365) },
      { kind: "commitment", title: "信用修复承诺", sourceDept: "大理州发展和改革委员会", docNo: "XF2026-17", decidedAt: isoDay(0), validUntil: isoDay(365) },
    ],
  };
}

async function upsertConsoleUser(account: { username: string; password: string; displayName: string }, extra: Record<string, unknown>) {
  const existing = await UserModel.findOne({ username: account.username }).lean();
  if (existing) return existing;
  const created = await UserModel.create({ ...extra, username: account.username, displayName: account.displayName, passwordHash: await hashPassword(account.password) });
  return created.toObject();
}

/** Idempotent: running it again leaves existing data alone. */
export async function seedDemo(services: Services): Promise<void> {
  await ensureDefaultScoringModel();
  const { platformAdmin, regionalAdmin, partnerOperator, citizens } = DEMO_ACCOUNTS;
  const admin = await upsertConsoleUser(platformAdmin, { role: "platform_admin" });
  await upsertConsoleUser(regionalAdmin, { role: "regional_admin", prefectureCode: regionalAdmin.prefectureCode });
  const adminActor: Actor = { userId: admin._id.toHexString(), role: "platform_admin" };

  const partner =
    (await PartnerModel.findOne({ name: "一部手机游云南" })) ??
    (await PartnerModel.create({ name: "一部手机游云南", kind: "tourism", prefectureCodes: ["530100", "532900", "530700"], status: "approved" }));
  const banks: { name: string; prefectureCodes: TPrefectureCode[]; provinceWide: boolean }[] = [
    { name: "建设银行云南省分行", prefectureCodes: ["530100", "530300", "532900"], provinceWide: false },
    { name: "富滇银行", prefectureCodes: [], provinceWide: true },
  ];
  for (const bank of banks) {
    if (!(await PartnerModel.exists({ name: bank.name }))) await PartnerModel.create({ ...bank, kind: "bank", status: "approved", decidedAt: new Date() });
  }
  await upsertConsoleUser(partnerOperator, { role: "partner_operator", partnerId: partner._id });
  for (const staff of DEMO_ACCOUNTS.bankStaff) {
    const bank = await PartnerModel.findOne({ name: staff.bank }, { _id: 1 }).lean();
    await upsertConsoleUser(staff, { role: "partner_operator", partnerId: bank!._id, staffRole: staff.staffRole });
  }

  const records = demoRecords();
  for (const c of citizens) {
    const existing = await UserModel.findOne({ phone: c.phone }).lean();
    if (existing?.subjectId) continue;
    const user = existing ?? (await UserModel.create({ role: "citizen", phone: c.phone, displayName: c.displayName, prefectureCode: c.prefectureCode })).toObject();
    for (const r of records[c.phone] ?? []) {
      await services.records.create(adminActor, { ...r, subject: { kind: "citizen", idNumber: c.idNumber, name: c.displayName }, prefectureCode: c.prefectureCode });
    }
    await services.identity.bindVerifiedCitizen(user._id.toHexString(), { idNumber: c.idNumber, name: c.displayName });
  }

  // Accounts bound to an enterprise by the old, unchecked binding keep nothing of it: they verify and bind again.
  for (const stale of await UserModel.find({ role: "enterprise" }, { _id: 1 }).lean()) {
    await AccountSubjectModel.deleteOne({ _id: stale._id });
    await UserModel.updateOne({ _id: stale._id }, { $set: { role: "citizen" }, $unset: { subjectId: 1 } });
  }

  const { enterprise } = DEMO_ACCOUNTS;
  const enterpriseUscc = enterprise.uscc;
  const legalRep = { legalRepName: enterprise.legalRep.name, legalRepIdNumber: enterprise.legalRep.idNumber };
  if (!(await services.subjects.search(adminActor, { q: enterpriseUscc, page: 1 })).total) {
    const subject = { kind: "enterprise" as const, uscc: enterpriseUscc, name: enterprise.name, ...legalRep };
    await services.records.create(adminActor, { subject, prefectureCode: "530100", kind: "tax_grade", taxGrade: "A", title: "2025年度纳税信用A级", sourceDept: "国家税务总局昆明市税务局", docNo: "NSXY2025-A-0193", decidedAt: isoDay(0) });
    await services.records.create(adminActor, { subject, prefectureCode: "530100", kind: "red_list", title: "云南省守合同重信用企业", sourceDept: "云南省市场监督管理局", docNo: "SHTZXY2026-051", decidedAt: isoDay(0), validUntil: isoDay(730) });
    // A real pilot-era code that fails the GB 32100 checksum, waiting for an administrator's review.
    await services.records.create(adminActor, { subject: { kind: "enterprise", uscc: "91350100M0001TGQXM", name: "福州试点期登记企业" }, prefectureCode: "530100", kind: "licence", title: "建筑施工许可", sourceDept: "昆明市住房和城乡建设局", docNo: "JZ2026-0007", decidedAt: isoDay(0) });
  }

  // Registration data naming the legal representative also reaches demo stores seeded before it was on file.
  const enterpriseSubject = await services.subjects.resolve({ kind: "enterprise", uscc: enterpriseUscc, name: enterprise.name, legalRep: enterprise.legalRep }, "530100");
  const legalRepUser = await UserModel.findOne({ phone: enterprise.legalRep.phone }).lean();
  if (!(await SubjectAuthorityModel.exists({ _id: authorityId(legalRepUser!._id, enterpriseSubject._id) }))) {
    await services.identity.bindAsLegalRep({ userId: legalRepUser!._id.toHexString(), role: "citizen" }, { uscc: enterpriseUscc });
  }

  if ((await ScenarioModel.countDocuments()) === 0) await seedScenarios(services, adminActor);
  if ((await LoanProductModel.countDocuments()) === 0) await seedLoanProducts(services, adminActor);
}

/** Real-shaped 信易贷 products of two banks, each through the product workflow: the bank submits, an administrator approves, the bank publishes. */
async function seedLoanProducts(services: Services, adminActor: Actor): Promise<void> {
  const actorOf = async (username: string): Promise<Actor> => {
    const user = await UserModel.findOne({ username }).lean();
    if (user?.role === "regional_admin") return { userId: user._id.toHexString(), role: "regional_admin", prefectureCode: user.prefectureCode as TPrefectureCode };
    return { userId: user!._id.toHexString(), role: "partner_operator", partnerId: user!.partnerId!.toHexString() };
  };
  const ccb = await actorOf("ccb_manager");
  const fudian = await actorOf("fudian_manager");
  const kunming = await actorOf(DEMO_ACCOUNTS.regionalAdmin.username);
  const publish = async (bank: Actor, approver: Actor, input: TLoanProductCreateRequest) => {
    let product = await services.loanProducts.create(bank, services.loanProducts.parseCreate(input));
    product = await services.loanProducts.transition(bank, product.id, { action: "submit", expectedVersion: product.version });
    product = await services.loanProducts.transition(approver, product.id, { action: "approve", expectedVersion: product.version });
    await services.loanProducts.transition(bank, product.id, { action: "publish", expectedVersion: product.version });
  };
  // 建行云税贷-style: an enterprise's tax-credit grade sets the line and the rate.
  await publish(ccb, kunming, {
    name: "云税贷 · 小微企业信用贷",
    description: "依据企业纳税信用和公共信用等级核定额度，纯信用、免抵押，随借随还。",
    guaranteeModes: ["credit"],
    applicantKinds: ["enterprise", "individual_business"],
    amountWan: { min: 10, max: 300 },
    termMonths: { min: 6, max: 36 },
    annualRate: { min: 3.45, max: 4.35 },
    repaymentModes: ["interest_first", "equal_installment", "revolving"],
    prefectureCodes: ["530100"],
    rule: { type: "minGrade", subjectKind: "enterprise", grade: "B" },
    gradeTiers: [
      { grades: ["A"], maxAmountWan: 300, minRate: 3.45 },
      { grades: ["B"], maxAmountWan: 100, minRate: 3.85 },
    ],
    materials: ["营业执照", "近两年纳税申报表", "法定代表人身份证件", "企业征信授权书"],
    responseDays: 3,
  });
  await publish(ccb, kunming, {
    name: "个人信用快贷",
    description: "信用良好的个人线上申请，额度随信用等级提高。",
    guaranteeModes: ["credit"],
    applicantKinds: ["citizen"],
    amountWan: { min: 1, max: 30 },
    termMonths: { min: 6, max: 36 },
    annualRate: { min: 3.6, max: 6 },
    repaymentModes: ["equal_installment", "equal_principal"],
    prefectureCodes: ["530100"],
    rule: { type: "minScore", subjectKind: "citizen", score: 650 },
    gradeTiers: [
      { grades: ["AAA", "AA"], maxAmountWan: 30, minRate: 3.6 },
      { grades: ["A"], maxAmountWan: 20, minRate: 4.2 },
    ],
    materials: ["身份证件", "收入证明或银行流水"],
    responseDays: 2,
  });
  // Province-wide, so the platform approves it.
  await publish(fudian, adminActor, {
    name: "富滇信易贷 · 守信企业贷",
    description: "面向守信红名单企业和信用A级企业，信用与保证组合，利率优惠。",
    guaranteeModes: ["credit", "guarantee"],
    applicantKinds: ["enterprise"],
    amountWan: { min: 20, max: 500 },
    termMonths: { min: 12, max: 36 },
    annualRate: { min: 3.8, max: 5.5 },
    repaymentModes: ["interest_first", "equal_installment"],
    provinceWide: true,
    rule: { type: "any", rules: [{ type: "minGrade", subjectKind: "enterprise", grade: "A" }, { type: "redList" }] },
    gradeTiers: [{ grades: ["A"], maxAmountWan: 500, minRate: 3.8 }],
    materials: ["营业执照", "近一年财务报表", "法定代表人身份证件"],
    responseDays: 5,
  });
}

/** Demo scenarios from real programmes (福州茉莉分 697+ transit discount, 海贝分-style tiers), one run by a partner. */
async function seedScenarios(services: Services, adminActor: Actor): Promise<void> {
  const window = { startsAt: new Date(Date.now() - 86400_000).toISOString(), endsAt: new Date(Date.now() + 90 * 86400_000).toISOString() };
  const publish = async (actor: Actor, input: TScenarioCreateRequest) => {
    const created = await services.scenarios.create(actor, services.scenarios.parseCreate(input));
    return services.scenarios.transition(actor, created.id, { action: "publish", expectedVersion: created.version });
  };
  await publish(adminActor, {
    ...window,
    title: "滇池游船 守信游客优惠",
    category: "tourism",
    description: "信用良好的游客凭券乘坐滇池游船享受折扣，信用等级越高优惠越多。",
    prefectureCodes: ["530100"],
    rule: { type: "minScore", subjectKind: "citizen", score: 650 },
    benefit: { summary: "船票9折", tiers: [{ grades: ["AAA"], summary: "船票7折", discountPercent: 30 }, { grades: ["AA"], summary: "船票8折", discountPercent: 20 }] },
    quota: 200,
    perSubjectLimit: { total: 3, perPeriod: { period: "month", count: 1 } },
  });
  await publish(adminActor, {
    ...window,
    title: "共享单车 免押金骑行",
    category: "rental",
    description: "信用分650分以上免押金骑行，每次最长3小时。",
    prefectureCodes: ["530100", "532900"],
    rule: { type: "minScore", subjectKind: "citizen", score: 650 },
    benefit: { summary: "免押金，单次最长3小时", tiers: [] },
    quota: 1000,
  });
  await publish(adminActor, {
    ...window,
    title: "公交地铁 守信乘客8折",
    category: "travel",
    description: "参照福州茉莉分：697分以上乘坐公交地铁享8折。",
    prefectureCodes: ["530100"],
    rule: { type: "minScore", subjectKind: "citizen", score: 697 },
    benefit: { summary: "公交地铁8折", tiers: [] },
    quota: 5000,
    perSubjectLimit: { total: 30, perPeriod: { period: "day", count: 2 } },
  });
  // A partner's scenario goes through review: the operator submits, 昆明's administrator approves, the operator publishes.
  const operator = await UserModel.findOne({ username: DEMO_ACCOUNTS.partnerOperator.username }).lean();
  const regional = await UserModel.findOne({ username: DEMO_ACCOUNTS.regionalAdmin.username }).lean();
  const operatorActor: Actor = { userId: operator!._id.toHexString(), role: "partner_operator", partnerId: operator!.partnerId!.toHexString() };
  const regionalActor: Actor = { userId: regional!._id.toHexString(), role: "regional_admin", prefectureCode: "530100" };
  let scenario = await services.scenarios.create(
    operatorActor,
    services.scenarios.parseCreate({
      ...window,
      title: "石林景区门票 守信游客立减",
      category: "tourism",
      description: "一部手机游云南：信用良好的游客购买石林景区门票立减。",
      terms: "每人限领1次，领取后72小时内到景区售票处出示二维码核销。",
      prefectureCodes: ["530100"],
      rule: { type: "minScore", subjectKind: "citizen", score: 650 },
      benefit: { summary: "门票立减20元", tiers: [{ grades: ["AAA", "AA"], summary: "门票立减40元", discountPercent: 25 }] },
      quota: 300,
    }),
  );
  scenario = await services.scenarios.transition(operatorActor, scenario.id, { action: "submit", expectedVersion: scenario.version });
  scenario = await services.scenarios.transition(regionalActor, scenario.id, { action: "approve", expectedVersion: scenario.version });
  await services.scenarios.transition(operatorActor, scenario.id, { action: "publish", expectedVersion: scenario.version });
}
