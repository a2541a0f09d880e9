import { Types } from "mongoose";
import {
  OPEN_LOAN_APPLICATION_STATUSES,
  SCENARIO_TRANSITIONS,
  ZLoanProductCreateRequest,
  ZLoanProductUpdateRequest,
  type TAvailableLoanProduct,
  type TLoanProduct,
  type TLoanProductStatus,
  type TScenarioTransitionRequest,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import type { EvaluationService } from "../evaluations/service";
import { PartnerModel } from "../partners/model";
import { hintsFor, subjectView, type SubjectView } from "../scenarios/eligibility";
import { checkRuleScales, partnerScopeCheck } from "../scenarios/service";
import { SubjectModel } from "../subjects/model";
import { LoanApplicationModel, LoanProductEventModel, LoanProductModel, OpenApplicationSlotModel } from "./model";
import { applicantKindOf, bankStaffOf, judgeProduct, loanProductPolicy, requireBankManager } from "./policy";
import { indicativeTermsFor, presentProduct, type StoredProduct } from "./presenter";

export type LoanProductCreateInput = z.output<typeof ZLoanProductCreateRequest>;
export type LoanProductUpdateInput = z.output<typeof ZLoanProductUpdateRequest>;

/** Published products of a region are a few dozen; the bound keeps a runaway list from flooding a page. */
const AVAILABLE_LIMIT = 200;
const LIST_LIMIT = 500;

function definition(input: LoanProductCreateInput | LoanProductUpdateInput) {
  return {
    name: input.name,
    description: input.description,
    guaranteeModes: input.guaranteeModes,
    applicantKinds: input.applicantKinds,
    amountWan: input.amountWan,
    termMonths: input.termMonths,
    annualRate: input.annualRate,
    repaymentModes: input.repaymentModes,
    provinceWide: input.provinceWide,
    prefectureCodes: input.provinceWide ? [] : input.prefectureCodes,
    rule: input.rule,
    gradeTiers: input.gradeTiers,
    materials: input.materials,
    responseDays: input.responseDays,
  };
}

export function createLoanProductService(deps: { evaluations: EvaluationService }) {
  async function present(products: StoredProduct[]): Promise<TLoanProduct[]> {
    const banks = products.length ? await PartnerModel.find({ _id: { $in: [...new Set(products.map((p) => p.bankPartnerId.toHexString()))] } }, { name: 1 }).lean() : [];
    const names = new Map(banks.map((b) => [b._id.toHexString(), b.name]));
    return products.map((p) => presentProduct(p, names.get(p.bankPartnerId.toHexString()) ?? "（已注销的机构）"));
  }

  /** Partner operators must be bank staff; administrators pass to the policy. */
  async function consoleActor(actor: Actor) {
    if (actor.role !== "partner_operator") return null;
    const staff = await bankStaffOf(actor);
    if (!staff) throw new AppError("FORBIDDEN", "仅限银行工作人员操作");
    return staff;
  }

  async function findVisible(actor: Actor, id: string) {
    const staff = await consoleActor(actor);
    const product = Types.ObjectId.isValid(id) ? await LoanProductModel.findById(id).lean<StoredProduct>() : null;
    // Another bank's product, or another region's, is reported as missing: its existence is not ours to tell.
    if (!product || !loanProductPolicy.canView(actor, product)) throw new AppError("NOT_FOUND", "贷款产品不存在");
    return { product, staff };
  }

  /** Writes version v+1: the event insert under (productId, version) decides between concurrent writers. */
  async function advance(actor: Actor, product: StoredProduct, expectedVersion: number, change: { kind: "edit" | "transition"; to: TLoanProductStatus; reason?: string | undefined; set: Record<string, unknown> }) {
    if (product.version !== expectedVersion) throw new AppError("VERSION_CONFLICT");
    const version = expectedVersion + 1;
    try {
      await LoanProductEventModel.create({
        productId: product._id,
        version,
        kind: change.kind,
        from: product.status,
        to: change.to,
        ...(change.reason ? { reason: change.reason } : {}),
        actorId: actor.userId,
        actorRole: actor.role,
        snapshot: change.kind === "edit" ? change.set : undefined,
        at: new Date(),
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
      throw err;
    }
    await LoanProductModel.updateOne({ _id: product._id, version: expectedVersion }, { $set: { ...change.set, status: change.to, version } });
    await audit(actor, {
      action: `loan_product.${change.kind === "edit" ? "edit" : change.to}`,
      target: `loan-product:${product._id.toHexString()}`,
      details: { version, ...(change.reason ? { reason: change.reason } : {}) },
    });
  }

  /** The applicant's open application of each product, through the open slots. */
  async function myOpenApplications(subjectId: Types.ObjectId | null, productIds: Types.ObjectId[]): Promise<Map<string, string>> {
    if (!subjectId || productIds.length === 0) return new Map();
    const slots = await OpenApplicationSlotModel.find({ _id: { $in: productIds.map((id) => `${id.toHexString()}:${subjectId.toHexString()}`) } }).lean();
    if (slots.length === 0) return new Map();
    const open = await LoanApplicationModel.find({ _id: { $in: slots.map((s) => s.applicationId) }, status: { $in: OPEN_LOAN_APPLICATION_STATUSES } }, { productId: 1 }).lean();
    return new Map(open.flatMap((a) => (a.productId ? [[a.productId.toHexString(), a._id.toHexString()] as const] : [])));
  }

  /** Products judged for the applicant now: eligibility with reasons and hints, terms for their grade. */
  async function judgeForApplicant(view: SubjectView, products: StoredProduct[]): Promise<TAvailableLoanProduct[]> {
    const subject = view.subjectId ? await SubjectModel.findById(view.subjectId, { kind: 1, uscc: 1 }).lean() : null;
    const kind = subject ? applicantKindOf(subject) : null;
    const [presented, mine] = await Promise.all([present(products), myOpenApplications(view.subjectId, products.map((p) => p._id))]);
    const hints = hintsFor(view.evaluation);
    return presented.map((p, i) => {
      const judgement = judgeProduct(products[i]!, view, kind);
      const { rule: _rule, rejectionReason: _reason, version: _version, status: _status, ...shown } = p;
      const myOpen = mine.get(p.id);
      return {
        ...shown,
        eligible: judgement.eligible,
        ...(judgement.eligible ? { myTerms: indicativeTermsFor(products[i]!, view.facts.grade) } : {}),
        reasons: judgement.reasons,
        // Credit hints help only where credit is the reason ("仅面向企业" is not).
        hints: judgement.reasons.some((r) => /信用分|信用等级|失信/.test(r)) ? hints : [],
        ...(myOpen ? { myOpenApplicationId: myOpen } : {}),
        needsIdentity: !view.subjectId,
      };
    });
  }

  return {
    parseCreate(input: z.input<typeof ZLoanProductCreateRequest>): LoanProductCreateInput {
      return ZLoanProductCreateRequest.parse(input);
    },

    async create(actor: Actor, input: LoanProductCreateInput): Promise<TLoanProduct> {
      const staff = await requireBankManager(actor);
      const def = definition(input);
      await checkRuleScales(def.rule);
      await partnerScopeCheck(actor, def);
      const id = new Types.ObjectId();
      await LoanProductEventModel.create({ productId: id, version: 1, kind: "create", to: "draft", actorId: actor.userId, actorRole: actor.role, snapshot: def, at: new Date() });
      await LoanProductModel.create({ _id: id, ...def, bankPartnerId: staff.partnerId, status: "draft", version: 1, createdBy: new Types.ObjectId(actor.userId) });
      await audit(actor, { action: "loan_product.create", target: `loan-product:${id.toHexString()}`, details: { name: def.name, bank: staff.partner.name } });
      return (await present([(await LoanProductModel.findById(id).lean<StoredProduct>())!]))[0]!;
    },

    async update(actor: Actor, id: string, input: LoanProductUpdateInput): Promise<TLoanProduct> {
      const { product, staff } = await findVisible(actor, id);
      if (!loanProductPolicy.isOwner(staff, product)) throw new AppError("FORBIDDEN", "仅限本行银行管理员修改产品");
      if (product.status !== "draft" && product.status !== "rejected") throw new AppError("SCENARIO_TRANSITION_INVALID", "只有草稿或被驳回的产品可以修改");
      const def = definition(input);
      await checkRuleScales(def.rule);
      await partnerScopeCheck(actor, def);
      await advance(actor, product, input.expectedVersion, { kind: "edit", to: product.status, set: def });
      return this.get(actor, id);
    },

    /** The scenarios' workflow: the bank's manager submits, the right administrator approves or rejects, the bank publishes. */
    async transition(actor: Actor, id: string, request: TScenarioTransitionRequest): Promise<TLoanProduct> {
      const { product, staff } = await findVisible(actor, id);
      const rule = SCENARIO_TRANSITIONS[request.action];
      const owner = loanProductPolicy.isOwner(staff, product);
      const approver = loanProductPolicy.canApprove(actor, product);
      const allowed = request.action === "submit" ? owner : request.action === "approve" || request.action === "reject" ? approver : owner || approver;
      if (!allowed) throw new AppError("FORBIDDEN", "您不能对该产品执行此操作");
      if (!rule.from.includes(product.status)) throw new AppError("SCENARIO_TRANSITION_INVALID", "该产品当前状态不能执行此操作");
      if (request.action === "publish" && product.status === "draft") throw new AppError("SCENARIO_TRANSITION_INVALID", "贷款产品需提交审核、通过后才能发布");
      if (request.action === "reject" && !request.reason) {
        throw new AppError("VALIDATION_FAILED", "请填写驳回原因", { issues: [{ path: "body.reason", message: "请填写驳回原因" }] });
      }
      await advance(actor, product, request.expectedVersion, {
        kind: "transition",
        to: rule.to,
        reason: request.reason,
        set: {
          ...(request.action === "reject" ? { rejectionReason: request.reason } : {}),
          ...(request.action === "publish" && !product.publishedAt ? { publishedAt: new Date() } : {}),
        },
      });
      return this.get(actor, id);
    },

    async list(actor: Actor, status?: TLoanProductStatus): Promise<TLoanProduct[]> {
      await consoleActor(actor);
      const filter = loanProductPolicy.listFilter(actor);
      if (!filter) throw new AppError("FORBIDDEN");
      const products = await LoanProductModel.find({ ...filter, ...(status ? { status } : {}) }).sort({ createdAt: -1 }).limit(LIST_LIMIT).lean<StoredProduct[]>();
      return present(products);
    },

    async get(actor: Actor, id: string): Promise<TLoanProduct> {
      return (await present([(await findVisible(actor, id)).product]))[0]!;
    },

    async history(actor: Actor, id: string) {
      const { product } = await findVisible(actor, id);
      const events = await LoanProductEventModel.find({ productId: product._id }).sort({ version: 1 }).lean();
      return events.map((e) => ({
        version: e.version,
        kind: e.kind,
        ...(e.from ? { from: e.from } : {}),
        to: e.to,
        ...(e.reason ? { reason: e.reason } : {}),
        actorRole: e.actorRole,
        at: e.at.toISOString(),
      }));
    },

    /** Published products of the applicant's region, eligible first, each with my terms or why not. */
    async available(actor: Actor) {
      const view = await subjectView(actor, deps.evaluations);
      const region: Record<string, unknown> = view.prefectureCode ? { $or: [{ provinceWide: true }, { prefectureCodes: view.prefectureCode }] } : { provinceWide: true };
      const products = await LoanProductModel.find({ status: "published", ...region }).sort({ publishedAt: -1 }).limit(AVAILABLE_LIMIT).lean<StoredProduct[]>();
      const items = await judgeForApplicant(view, products);
      // Eligible first; newest first within each (the sort is stable).
      items.sort((a, b) => Number(b.eligible) - Number(a.eligible));
      return { items, total: items.length, eligibleCount: items.filter((i) => i.eligible).length };
    },

    async availableOne(actor: Actor, id: string): Promise<TAvailableLoanProduct> {
      const product = Types.ObjectId.isValid(id) ? await LoanProductModel.findOne({ _id: id, status: "published" }).lean<StoredProduct>() : null;
      if (!product) throw new AppError("NOT_FOUND", "该贷款产品不存在或尚未上架");
      return (await judgeForApplicant(await subjectView(actor, deps.evaluations), [product]))[0]!;
    },
  };
}

export type LoanProductService = ReturnType<typeof createLoanProductService>;
