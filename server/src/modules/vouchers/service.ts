import { Types } from "mongoose";
import { ERROR_CATALOG, type TVoucherCheck } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { ClaimModel, VoucherOutcomeModel, type Claim } from "../claims/model";
import { effectiveStatus } from "../claims/presenter";
import type { ScenarioStats } from "../claims/stats";
import { ScenarioModel } from "../scenarios/model";
import { scenarioPolicy } from "../scenarios/policy";
import type { VoucherCache, VoucherView } from "./cache";
import { looksLikeShortCode, type VoucherSigner } from "./tokens";

const STATUS_REASONS = { redeemed: "该券已核销，不能重复使用", cancelled: "该券已被持有人取消", expired: "该券已过期" } as const;

export function createVoucherService(signer: VoucherSigner, cache: VoucherCache, stats: ScenarioStats) {
  /** A scanned token or a short code read aloud → the claim id, or why not. */
  async function resolve(code: string): Promise<{ claimId: string } | { reason: string }> {
    const trimmed = code.trim();
    if (trimmed.includes(".")) {
      const checked = signer.verify(trimmed);
      return checked.ok ? { claimId: checked.payload.v } : { reason: checked.reason };
    }
    if (!looksLikeShortCode(trimmed)) return { reason: "券码格式不正确（8位字母数字）" };
    const claim = await ClaimModel.findOne({ shortCode: trimmed.toUpperCase() }, { _id: 1 }).lean();
    return claim ? { claimId: claim._id.toHexString() } : { reason: "券码不存在" };
  }

  /**
   * Operators redeem their partner's vouchers; administrators redeem those of
   * scenarios they launched and may check (not redeem) any voucher of their region.
   */
  async function mayHandle(actor: Actor, voucher: VoucherView, purpose: "check" | "redeem"): Promise<boolean> {
    if (actor.role === "partner_operator") return !!voucher.ownerPartnerId && actor.partnerId === voucher.ownerPartnerId;
    const scenario = await ScenarioModel.findById(voucher.scenarioId, { provinceWide: 1, prefectureCodes: 1, ownerPartnerId: 1 }).lean();
    if (!scenario) return false;
    return purpose === "check" ? scenarioPolicy.canView(actor, scenario) : scenarioPolicy.isOwner(actor, scenario);
  }

  function present(v: VoucherView, valid: boolean, reason?: string): TVoucherCheck {
    return {
      valid,
      ...(reason ? { reason } : {}),
      claimId: v.claimId,
      status: effectiveStatus({ status: v.status, expiresAt: new Date(v.expiresAt) }),
      scenarioTitle: v.scenarioTitle,
      benefit: v.benefit,
      holderName: v.holderName,
      expiresAt: v.expiresAt,
      ...(v.redeemedAt ? { redeemedAt: v.redeemedAt } : {}),
    };
  }

  /** The counter's view of a code; `refusal` says which error a redemption would give before touching the store. */
  async function check(
    actor: Actor,
    code: string,
    purpose: "check" | "redeem",
  ): Promise<{ voucher: VoucherView | null; result: TVoucherCheck; refusal?: "VOUCHER_INVALID" | "VOUCHER_WRONG_PARTNER" }> {
    const resolved = await resolve(code);
    if ("reason" in resolved) return { voucher: null, result: { valid: false, reason: resolved.reason } };
    const voucher = await cache.get(resolved.claimId);
    if (!voucher) return { voucher: null, result: { valid: false, reason: "券码不存在" } };
    if (!(await mayHandle(actor, voucher, purpose))) {
      return { voucher: null, result: { valid: false, reason: ERROR_CATALOG.VOUCHER_WRONG_PARTNER.message }, refusal: "VOUCHER_WRONG_PARTNER" };
    }
    const status = effectiveStatus({ status: voucher.status, expiresAt: new Date(voucher.expiresAt) });
    if (status !== "claimed") return { voucher, result: present(voucher, false, STATUS_REASONS[status]) };
    return { voucher, result: present(voucher, true) };
  }

  return {
    async verify(actor: Actor, code: string): Promise<TVoucherCheck> {
      return (await check(actor, code, "check")).result;
    },

    /** Redeem once: the outcome insert keyed by the claim lets exactly one counter win. */
    async redeem(actor: Actor, code: string, place: string | undefined): Promise<TVoucherCheck> {
      const { voucher, result, refusal } = await check(actor, code, "redeem");
      if (!voucher) {
        throw refusal === "VOUCHER_WRONG_PARTNER" ? new AppError("VOUCHER_WRONG_PARTNER") : new AppError("VOUCHER_INVALID", result.reason);
      }
      const claim = await ClaimModel.findById(voucher.claimId).lean<Claim>();
      if (!claim) throw new AppError("VOUCHER_INVALID", "券码不存在");
      const status = effectiveStatus(claim);
      if (status === "expired") throw new AppError("VOUCHER_NOT_REDEEMABLE", "该券已过期");
      const at = new Date();
      try {
        await VoucherOutcomeModel.create({
          _id: claim._id,
          outcome: "redeemed",
          at,
          by: actor.userId,
          ...(actor.partnerId ? { partnerId: new Types.ObjectId(actor.partnerId) } : {}),
          ...(place ? { place } : {}),
        });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        const outcome = await VoucherOutcomeModel.findById(claim._id).lean();
        throw outcome?.outcome === "cancelled" ? new AppError("VOUCHER_NOT_REDEEMABLE", "该券已被持有人取消") : new AppError("VOUCHER_ALREADY_REDEEMED");
      }
      await ClaimModel.updateOne({ _id: claim._id }, { $set: { status: "redeemed", redeemedAt: at } });
      const redeemed = { ...claim, status: "redeemed" as const, redeemedAt: at };
      await Promise.all([cache.put(redeemed), stats.bump(claim.scenarioId, "redeemed")]);
      return { ...present({ ...voucher, status: "redeemed", redeemedAt: at.toISOString() }, true), status: "redeemed" };
    },

    publicKey() {
      return signer.publicKey;
    },
  };
}

export type VoucherService = ReturnType<typeof createVoucherService>;
