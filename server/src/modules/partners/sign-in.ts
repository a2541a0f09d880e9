import type { Types } from "mongoose";
import { AppError } from "../../http/app-error";
import { PartnerModel } from "./model";

/**
 * Why an operator may not sign in because of their partner, if so: a partner still
 * under review or turned down is not the same as an account an administrator stopped.
 * Asked only after the password checked out, so strangers learn nothing of a partner.
 */
export async function partnerSignInRefusal(user: { role: string; partnerId?: Types.ObjectId | null }): Promise<AppError | null> {
  if (user.role !== "partner_operator" || !user.partnerId) return null;
  const partner = await PartnerModel.findById(user.partnerId, { status: 1, rejectionReason: 1 }).lean();
  if (partner?.status === "pending") return new AppError("PARTNER_PENDING_REVIEW");
  if (partner?.status === "rejected") {
    return new AppError("PARTNER_REJECTED", partner.rejectionReason ? `机构入驻申请未通过审核（${partner.rejectionReason}），请联系所在州市信用主管部门` : undefined);
  }
  return null;
}
