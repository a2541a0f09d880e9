import { z } from "zod";
import type { TScoreScale, TScoringModelParams } from "./model";
import type { TSubjectKind } from "./records";

/**
 * What a screen or a rule check needs of a subject kind's scale: its bounds, its base and its
 * bands (highest first). Citizens and enterprises are scored on different scales (0–1000 and
 * 0–100 in the default model), so every score travels with the scale it is on.
 */
export const ZCreditScale = z
  .object({
    min: z.number(),
    max: z.number(),
    base: z.number(),
    bands: z.array(z.object({ grade: z.string(), label: z.string(), min: z.number() })),
  })
  .meta({ id: "CreditScale" });
export type TCreditScale = z.infer<typeof ZCreditScale>;
export type TCreditScales = Record<TSubjectKind, TCreditScale>;

export const ZCreditScales = z
  .object({ modelVersion: z.number().int(), citizen: ZCreditScale, enterprise: ZCreditScale })
  .meta({ id: "CreditScales" });
export type TCreditScalesOfModel = z.infer<typeof ZCreditScales>;

export function scaleOf(scale: TScoreScale): TCreditScale {
  return { min: scale.min, max: scale.max, base: scale.base, bands: scale.bands.map((b) => ({ grade: b.grade, label: b.label, min: b.min })) };
}

export function scalesOf(params: TScoringModelParams): TCreditScales {
  return { citizen: scaleOf(params.citizen), enterprise: scaleOf(params.enterprise) };
}

/** How a subject kind is named in rules and reasons. */
export const SUBJECT_KIND_NAMES: Record<TSubjectKind, string> = { citizen: "个人", enterprise: "企业" };

/** "个人信用分" / "企业信用分". */
export function scoreName(kind: TSubjectKind): string {
  return `${SUBJECT_KIND_NAMES[kind]}信用分`;
}

/** "个人信用等级" / "企业信用等级". */
export function gradeName(kind: TSubjectKind): string {
  return `${SUBJECT_KIND_NAMES[kind]}信用等级`;
}

/** Position of a grade in the scale, 0 for the top band; -1 when the scale has no such grade. */
export function gradeRank(scale: Pick<TCreditScale, "bands">, grade: string): number {
  return scale.bands.findIndex((b) => b.grade === grade);
}

/** "AA 及以上" for citizens' multi-letter grades, "A 级及以上" for enterprises' single letters. */
export function atOrAbove(kind: TSubjectKind, grade: string): string {
  return kind === "enterprise" ? `${grade} 级及以上` : `${grade} 及以上`;
}
