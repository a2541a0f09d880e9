import { Types } from "mongoose";
import { maskPhone, type TBankStaffRole, type TPartnerApplicationRequest, type TPartnerDetail, type TPrefectureCode } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { hashPassword } from "../auth/service";
import type { RateLimiter } from "../../infra/rate-limit";
import { UserModel } from "../users/model";
import { PartnerDecisionModel, PartnerModel, type Partner } from "./model";

function present(p: Partner): TPartnerDetail {
  return {
    id: p._id.toHexString(),
    name: p.name,
    kind: p.kind,
    provinceWide: p.provinceWide ?? false,
    prefectureCodes: p.prefectureCodes as TPrefectureCode[],
    status: p.status,
    contactName: p.contactName ?? "",
    contactPhoneMasked: p.contactPhone ? maskPhone(p.contactPhone) : "",
    ...(p.rejectionReason ? { rejectionReason: p.rejectionReason } : {}),
    appliedAt: p.createdAt.toISOString(),
    ...(p.decidedAt ? { decidedAt: p.decidedAt.toISOString() } : {}),
  };
}

/**
 * Who decides an application: the administrator of the partner's one prefecture,
 * or the platform for partners serving several prefectures or the whole province.
 */
export const partnerPolicy = {
  canDecide(actor: Actor, partner: Pick<Partner, "provinceWide" | "prefectureCodes">): boolean {
    if (actor.role === "platform_admin") return true;
    return actor.role === "regional_admin" && !partner.provinceWide && partner.prefectureCodes.length === 1 && partner.prefectureCodes[0] === actor.prefectureCode;
  },
};

/** Public applications: a few an hour per address, so the form cannot be used to probe usernames at scale. */
const APPLY_RULE = { bucket: "partner-apply-ip", limit: 10, windowSeconds: 3600 };

export function createPartnerService(rateLimiter: RateLimiter) {
  return {
    async apply(input: TPartnerApplicationRequest & { operator: { username: string; password: string; displayName: string } }, ip: string): Promise<TPartnerDetail> {
      await rateLimiter.consume(APPLY_RULE, ip);
      const partnerId = new Types.ObjectId();
      if (await UserModel.exists({ username: input.operator.username })) {
        throw new AppError("CONFLICT", "该用户名已被使用", { issues: [{ path: "body.operator.username", message: "该用户名已被使用" }] });
      }
      try {
        await PartnerModel.create({
          _id: partnerId,
          name: input.name,
          kind: input.kind,
          provinceWide: input.provinceWide ?? false,
          prefectureCodes: input.provinceWide ? [] : (input.prefectureCodes ?? []),
          status: "pending",
          contactName: input.contactName,
          contactPhone: input.contactPhone,
        });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new AppError("CONFLICT", "该机构已提交过申请", { issues: [{ path: "body.name", message: "该机构已提交过申请" }] });
        throw err;
      }
      // The first operator exists from the start but cannot sign in until the partner is approved.
      await UserModel.create({
        role: "partner_operator",
        username: input.operator.username,
        displayName: input.operator.displayName,
        passwordHash: await hashPassword(input.operator.password),
        partnerId,
        disabledAt: new Date(),
      });
      await audit(null, { action: "partner.apply", target: `partner:${partnerId.toHexString()}`, details: { name: input.name } });
      return present((await PartnerModel.findById(partnerId).lean<Partner>())!);
    },

    async listApplications(actor: Actor): Promise<TPartnerDetail[]> {
      const partners = await PartnerModel.find().sort({ createdAt: -1 }).limit(500).lean<Partner[]>();
      return partners.filter((p) => partnerPolicy.canDecide(actor, p)).map(present);
    },

    async decide(actor: Actor, id: string, decision: "approve" | "reject", reason: string | undefined): Promise<TPartnerDetail> {
      const partner = await PartnerModel.findById(id).lean<Partner>();
      if (!partner || !partnerPolicy.canDecide(actor, partner)) throw new AppError("NOT_FOUND", "申请不存在");
      if (decision === "reject" && !reason) throw new AppError("VALIDATION_FAILED", "请填写驳回原因", { issues: [{ path: "body.reason", message: "请填写驳回原因" }] });
      try {
        await PartnerDecisionModel.create({ _id: partner._id, decision, reason, by: actor.userId, at: new Date() });
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new AppError("CONFLICT", "该申请已处理");
        throw err;
      }
      const status = decision === "approve" ? "approved" : "rejected";
      await PartnerModel.updateOne({ _id: partner._id }, { $set: { status, decidedAt: new Date(), ...(reason ? { rejectionReason: reason } : {}) } });
      if (decision === "approve") await UserModel.updateMany({ partnerId: partner._id }, { $unset: { disabledAt: 1 } });
      await audit(actor, { action: `partner.${decision}`, target: `partner:${id}`, details: { name: partner.name, ...(reason ? { reason } : {}) } });
      return present((await PartnerModel.findById(id).lean<Partner>())!);
    },

    /** A bank's operators with their post; one without a post is the bank's manager (its first operator). */
    async operators(actor: Actor) {
      const partnerId = new Types.ObjectId(actor.partnerId!);
      const [partner, users] = await Promise.all([
        PartnerModel.findById(partnerId, { kind: 1 }).lean(),
        UserModel.find({ partnerId }, { username: 1, displayName: 1, disabledAt: 1, staffRole: 1 }).lean(),
      ]);
      const bank = partner?.kind === "bank";
      return users.map((u) => ({
        id: u._id.toHexString(),
        username: u.username ?? "",
        displayName: u.displayName,
        disabled: !!u.disabledAt,
        ...(bank ? { staffRole: (u.staffRole ?? "bank_manager") as TBankStaffRole } : {}),
      }));
    },

    /** A bank's operators need a post, given by a manager (an officer cannot make managers); other partners' have none. */
    async addOperator(actor: Actor, input: { username: string; password: string; displayName: string; staffRole?: TBankStaffRole | undefined }) {
      const partnerId = new Types.ObjectId(actor.partnerId!);
      const [partner, self] = await Promise.all([PartnerModel.findById(partnerId, { kind: 1 }).lean(), UserModel.findById(actor.userId, { staffRole: 1 }).lean()]);
      const bank = partner?.kind === "bank";
      if (bank && (self?.staffRole ?? "bank_manager") !== "bank_manager") throw new AppError("FORBIDDEN", "仅限银行管理员添加操作员");
      if (bank && !input.staffRole) throw new AppError("VALIDATION_FAILED", "请选择岗位", { issues: [{ path: "body.staffRole", message: "请选择岗位（信贷员或银行管理员）" }] });
      if (!bank && input.staffRole) throw new AppError("VALIDATION_FAILED", "只有银行的操作员设置岗位", { issues: [{ path: "body.staffRole", message: "只有银行的操作员设置岗位" }] });
      try {
        const user = await UserModel.create({
          role: "partner_operator",
          username: input.username,
          displayName: input.displayName,
          passwordHash: await hashPassword(input.password),
          partnerId,
          ...(bank ? { staffRole: input.staffRole } : {}),
        });
        await audit(actor, { action: "partner.operator_add", target: `partner:${actor.partnerId}`, details: { username: input.username, ...(bank ? { staffRole: input.staffRole } : {}) } });
        return { id: user._id.toHexString(), username: input.username, displayName: input.displayName, disabled: false, ...(bank ? { staffRole: input.staffRole! } : {}) };
      } catch (err) {
        if (isDuplicateKeyError(err)) throw new AppError("CONFLICT", "该用户名已被使用", { issues: [{ path: "body.username", message: "该用户名已被使用" }] });
        throw err;
      }
    },
  };
}

export type PartnerService = ReturnType<typeof createPartnerService>;
