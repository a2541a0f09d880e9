import { z } from "zod";
import { ZObjectId, ZPrefectureCode, ZTimestamp } from "./common";

export const BENEFIT_CATEGORIES = ["loan", "approval", "rental", "travel", "tourism", "other"] as const;
export type TBenefitCategory = (typeof BENEFIT_CATEGORIES)[number];
export const ZBenefitCategory = z.enum(BENEFIT_CATEGORIES, { error: "请选择权益类别" });

export const BENEFIT_CATEGORY_LABELS: Record<TBenefitCategory, string> = {
  loan: "信易贷",
  approval: "信易批",
  rental: "信易租",
  travel: "信易行",
  tourism: "信易游",
  other: "其他",
};

export const SCENARIO_STATUSES = ["draft", "published"] as const;
export type TScenarioStatus = (typeof SCENARIO_STATUSES)[number];
export const SCENARIO_STATUS_LABELS: Record<TScenarioStatus, string> = {
  draft: "草稿",
  published: "已发布",
};

/** Credit scores are on a 0–1000 scale (福州茉莉分-style bands). */
export const CREDIT_SCORE_MAX = 1000;

export const ZScenarioCreateRequest = z
  .object({
    title: z.string().trim().min(2, "标题至少2个字").max(60, "标题最多60个字"),
    category: ZBenefitCategory,
    description: z.string().trim().max(2000, "说明最多2000字").default(""),
    prefectureCodes: z
      .array(ZPrefectureCode)
      .min(1, "至少选择一个适用地区")
      .refine((codes) => new Set(codes).size === codes.length, "适用地区不能重复"),
    minCreditScore: z
      .number({ error: "请输入最低信用分" })
      .int("最低信用分应为整数")
      .min(0, "最低信用分不能小于0")
      .max(CREDIT_SCORE_MAX, `最低信用分不能大于${CREDIT_SCORE_MAX}`),
    quota: z
      .number({ error: "请输入名额" })
      .int("名额应为整数")
      .min(1, "名额至少为1")
      .max(1_000_000, "名额不能超过1000000"),
    startsAt: ZTimestamp,
    endsAt: ZTimestamp,
  })
  .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), {
    message: "结束时间必须晚于开始时间",
    path: ["endsAt"],
  });
export type TScenarioCreateRequest = z.input<typeof ZScenarioCreateRequest>;

export const ZScenario = z
  .object({
    id: ZObjectId,
    title: z.string(),
    category: ZBenefitCategory,
    description: z.string(),
    prefectureCodes: z.array(ZPrefectureCode),
    minCreditScore: z.number().int(),
    quota: z.number().int(),
    claimedCount: z.number().int(),
    remaining: z.number().int(),
    startsAt: z.string(),
    endsAt: z.string(),
    status: z.enum(SCENARIO_STATUSES),
    createdAt: z.string(),
    publishedAt: z.string().optional(),
  })
  .meta({ id: "Scenario" });
export type TScenario = z.infer<typeof ZScenario>;

export const ZScenarioList = z.object({ items: z.array(ZScenario) });

/** A published scenario as a citizen sees it, judged against their current credit. */
export const ZAvailableScenario = ZScenario.extend({
  eligible: z.boolean(),
  /** Why not, in plain Chinese, when `eligible` is false. */
  ineligibleReason: z.string().optional(),
  claimedByMe: z.boolean(),
}).meta({ id: "AvailableScenario" });
export type TAvailableScenario = z.infer<typeof ZAvailableScenario>;
export const ZAvailableScenarioList = z.object({ items: z.array(ZAvailableScenario) });

export const CLAIM_STATUSES = ["claimed"] as const;
export const ZClaim = z
  .object({
    id: ZObjectId,
    scenarioId: ZObjectId,
    scenarioTitle: z.string(),
    category: ZBenefitCategory,
    status: z.enum(CLAIM_STATUSES),
    claimedAt: z.string(),
  })
  .meta({ id: "Claim" });
export type TClaim = z.infer<typeof ZClaim>;
export const ZClaimList = z.object({ items: z.array(ZClaim) });
