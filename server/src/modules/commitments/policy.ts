import { Types } from "mongoose";
import { PENALTY_SEVERITY_LABELS, prefectureName, RECORD_KIND_LABELS, type TCommitmentType, type TPrefectureCode } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { CreditRecord } from "../credit-records/model";
import { PartnerModel } from "../partners/model";
import { UserModel } from "../users/model";
import type { CommitmentCase } from "./model";

/**
 * An approving department as the store has it now (read per request, so a disabled operator or a
 * partner no longer approved stops at once): a regional administrator for their prefecture, or an
 * operator of an approved partner of kind agency (政务服务) for the prefectures it serves.
 */
export type Department =
  | { kind: "prefecture"; userId: Types.ObjectId; name: string; prefectureCode: TPrefectureCode }
  | { kind: "agency"; userId: Types.ObjectId; name: string; partnerId: Types.ObjectId; provinceWide: boolean; prefectureCodes: TPrefectureCode[] };

const NOT_A_DEPARTMENT = "仅限审批部门（州市信用主管部门或政务服务机构）办理";

/** The name a prefecture's administration signs with: not a person's name, which the subject would otherwise read. */
export function prefectureDepartmentName(code: string): string {
  return `${prefectureName(code) ?? code}信用主管部门`;
}

export async function departmentOf(actor: Actor): Promise<Department | null> {
  if (actor.role === "regional_admin") {
    const user = await UserModel.findById(actor.userId, { prefectureCode: 1, disabledAt: 1 }).lean();
    if (!user || user.disabledAt || !user.prefectureCode) return null;
    const code = user.prefectureCode as TPrefectureCode;
    return { kind: "prefecture", userId: user._id, name: prefectureDepartmentName(code), prefectureCode: code };
  }
  if (actor.role === "partner_operator" && actor.partnerId) {
    const [user, partner] = await Promise.all([
      UserModel.findById(actor.userId, { partnerId: 1, disabledAt: 1 }).lean(),
      Types.ObjectId.isValid(actor.partnerId) ? PartnerModel.findById(actor.partnerId).lean() : null,
    ]);
    if (!user || user.disabledAt || !partner || partner.kind !== "agency" || partner.status !== "approved") return null;
    if (!user.partnerId?.equals(partner._id)) return null;
    return { kind: "agency", userId: user._id, name: partner.name, partnerId: partner._id, provinceWide: partner.provinceWide ?? false, prefectureCodes: partner.prefectureCodes as TPrefectureCode[] };
  }
  return null;
}

export async function requireDepartment(actor: Actor): Promise<Department> {
  const department = await departmentOf(actor);
  if (!department) throw new AppError("FORBIDDEN", NOT_A_DEPARTMENT);
  return department;
}

/**
 * Where a new case is handled. A regional administrator handles matters of their own prefecture; an
 * agency one of those it serves, named in the request unless it serves exactly one.
 */
export function casePrefecture(department: Department, requested: TPrefectureCode | undefined): TPrefectureCode {
  const refuse = (message: string) => new AppError("FORBIDDEN", message, { issues: [{ path: "body.prefectureCode", message }] });
  if (department.kind === "prefecture") {
    if (requested && requested !== department.prefectureCode) throw refuse("只能受理本州市的事项");
    return department.prefectureCode;
  }
  if (requested) {
    if (!department.provinceWide && !department.prefectureCodes.includes(requested)) throw refuse("本机构不在该州市提供服务");
    return requested;
  }
  if (!department.provinceWide && department.prefectureCodes.length === 1) return department.prefectureCodes[0]!;
  const message = "请选择事项的办理地（州市）";
  throw new AppError("VALIDATION_FAILED", message, { issues: [{ path: "body.prefectureCode", message }] });
}

/**
 * Who sees a case: the platform all of them; a regional administrator those handled in their
 * prefecture (also an agency's there: they supervise); an agency's operators their agency's.
 */
export const commitmentPolicy = {
  listFilter(actor: Actor): Record<string, unknown> | null {
    if (actor.role === "platform_admin") return {};
    if (actor.role === "regional_admin" && actor.prefectureCode) return { prefectureCode: actor.prefectureCode };
    if (actor.role === "partner_operator" && actor.partnerId && Types.ObjectId.isValid(actor.partnerId)) return { "department.partnerId": new Types.ObjectId(actor.partnerId) };
    return null;
  },

  canSee(actor: Actor, c: Pick<CommitmentCase, "prefectureCode" | "department">): boolean {
    if (actor.role === "platform_admin") return true;
    if (actor.role === "regional_admin") return !!actor.prefectureCode && actor.prefectureCode === c.prefectureCode;
    if (actor.role === "partner_operator") return !!actor.partnerId && !!c.department?.partnerId && c.department.partnerId.toHexString() === actor.partnerId;
    return false;
  },

  /** Acting on a case: the agency that opened it, or the credit administration of its prefecture. */
  canDecide(department: Department, c: Pick<CommitmentCase, "prefectureCode" | "department">): boolean {
    if (department.kind === "prefecture") return department.prefectureCode === c.prefectureCode;
    return !!c.department?.partnerId && c.department.partnerId.equals(department.partnerId);
  },
};

// ------------------------------------------------------------------ 逢办必查

type JudgedRecord = Pick<CreditRecord, "_id" | "kind" | "severity" | "title" | "status" | "decidedAt" | "validUntil">;

/**
 * A record that still counts today, as the score sees it: active, decided by today, and not past its
 * publication period. Frozen records (under objection) do not count until decided; repaired, revoked
 * and expired ones no longer do.
 */
function stillCounts(r: JudgedRecord, today: string): boolean {
  return r.status === "active" && r.decidedAt <= today && (!r.validUntil || r.validUntil > today);
}

function describe(r: JudgedRecord): string {
  const kind = r.kind === "penalty" && r.severity ? `${RECORD_KIND_LABELS.penalty}（${PENALTY_SEVERITY_LABELS[r.severity]}）` : RECORD_KIND_LABELS[r.kind];
  return `${kind}「${r.title}」（${r.decidedAt}）`;
}

/**
 * May this subject be offered this type (国办发〔2020〕42号)? 告知承诺 is not for a subject with a
 * serious unrepaired record (a serious penalty, the black list) or a past broken commitment.
 * 容缺受理 is offered to anyone. Pure: the caller reads the records.
 */
export function judgeCommitmentEligibility(type: TCommitmentType, records: JudgedRecord[], today: string): { eligible: boolean; reasons: string[]; blocking: JudgedRecord[] } {
  if (type !== "notify_commit") return { eligible: true, reasons: [], blocking: [] };
  const counting = records.filter((r) => stillCounts(r, today));
  const serious = counting.filter((r) => (r.kind === "penalty" && r.severity === "serious") || r.kind === "black_list");
  const broken = counting.filter((r) => r.kind === "broken_commitment");
  const reasons: string[] = [];
  if (serious.length) reasons.push(`存在未修复的严重失信记录：${serious.map(describe).join("；")}`);
  if (broken.length) reasons.push(`曾违背信用承诺：${broken.map(describe).join("；")}`);
  return { eligible: reasons.length === 0, reasons, blocking: [...serious, ...broken] };
}
