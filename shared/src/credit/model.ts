import { z } from "zod";
import { ZCleanText } from "../schemas/common";
import { PENALTY_SEVERITIES, RECORD_KINDS, TAX_GRADES } from "./records";

/**
 * A scoring model is data: an administrator edits it, publishes it as a new
 * version, and past evaluations keep the version they were made with.
 */
export const ZScoreRule = z.object({
  kind: z.enum(RECORD_KINDS),
  severity: z.enum(PENALTY_SEVERITIES).optional(),
  taxGrade: z.enum(TAX_GRADES).optional(),
  /** Contribution of one fresh record; negative for negative records. */
  points: z.number().min(-1000).max(1000),
  /** The record's weight halves every this many days; omit for no decay. */
  halfLifeDays: z.number().int().min(1).max(3650).optional(),
  /** Limit of the summed contribution of all records matching this rule (absolute value). */
  cap: z.number().min(0).max(1000).optional(),
  /** Whether credit repair (信用修复) can take the record out of the score. */
  repairable: z.boolean().default(false),
});
export type TScoreRule = z.infer<typeof ZScoreRule>;

/** Bounds of any scale's scores: wide enough for every model, narrow enough that no sum overflows into nonsense. */
const SCALE_BOUND = 100_000;
const ZScalePoint = z.number().min(0, "分值不能小于0").max(SCALE_BOUND, `分值不能大于${SCALE_BOUND}`);

export const ZGradeBand = z.object({
  grade: z.string().trim().regex(/^[A-Za-z0-9+-]{1,8}$/, "等级代码为1–8位字母、数字或 +、-"),
  label: ZCleanText(1, 16, { min: "请填写等级名称" }),
  /** Lowest score in the band (inclusive). */
  min: ZScalePoint,
});
export type TGradeBand = z.infer<typeof ZGradeBand>;

export const ZScoreScale = z
  .object({
    base: ZScalePoint,
    min: ZScalePoint,
    max: ZScalePoint,
    rules: z.array(ZScoreRule).min(1).max(100, "评分规则最多100条"),
    /** Highest band first; the last band's min must be the scale's min. */
    bands: z.array(ZGradeBand).min(2).max(20, "等级最多20个"),
  })
  .refine((s) => new Set(s.bands.map((b) => b.grade)).size === s.bands.length, { message: "等级代码不能重复", path: ["bands"] })
  .refine((s) => s.bands.every((b) => b.min <= s.max), { message: "等级下限不能高于最高分", path: ["bands"] })
  .refine((s) => s.min < s.max && s.base >= s.min && s.base <= s.max, { message: "基础分必须在最低分与最高分之间", path: ["base"] })
  .refine((s) => s.bands.every((b, i) => i === 0 || b.min < s.bands[i - 1]!.min), { message: "等级区间须按分数从高到低排列", path: ["bands"] })
  .refine((s) => s.bands.at(-1)?.min === s.min, { message: "最低等级的下限须等于最低分", path: ["bands"] });
export type TScoreScale = z.infer<typeof ZScoreScale>;

export const ZScoringModelParams = z.object({
  citizen: ZScoreScale,
  enterprise: ZScoreScale,
});
export type TScoringModelParams = z.infer<typeof ZScoringModelParams>;

/** The first published model: 福州茉莉分-style bands for citizens, A/B/C/D for enterprises. */
export const DEFAULT_SCORING_MODEL: TScoringModelParams = {
  citizen: {
    base: 700,
    min: 0,
    max: 1000,
    rules: [
      { kind: "licence", points: 5, cap: 30, halfLifeDays: 730, repairable: false },
      { kind: "red_list", points: 60, cap: 150, halfLifeDays: 1095, repairable: false },
      { kind: "commitment", points: 10, cap: 40, halfLifeDays: 365, repairable: false },
      { kind: "tax_grade", taxGrade: "A", points: 40, repairable: false },
      { kind: "tax_grade", taxGrade: "B", points: 15, repairable: false },
      { kind: "tax_grade", taxGrade: "C", points: -40, repairable: true },
      { kind: "tax_grade", taxGrade: "D", points: -120, repairable: true },
      { kind: "penalty", severity: "minor", points: -30, halfLifeDays: 180, cap: 150, repairable: true },
      { kind: "penalty", severity: "serious", points: -120, halfLifeDays: 365, cap: 400, repairable: true },
      { kind: "broken_commitment", points: -80, halfLifeDays: 365, cap: 240, repairable: true },
      { kind: "black_list", points: -300, repairable: true },
    ],
    bands: [
      { grade: "AAA", label: "极好", min: 850 },
      { grade: "AA", label: "优秀", min: 750 },
      { grade: "A", label: "良好", min: 650 },
      { grade: "B", label: "一般", min: 550 },
      { grade: "C", label: "较差", min: 350 },
      { grade: "D", label: "极差", min: 0 },
    ],
  },
  enterprise: {
    base: 75,
    min: 0,
    max: 100,
    rules: [
      { kind: "licence", points: 1, cap: 5, halfLifeDays: 730, repairable: false },
      { kind: "red_list", points: 8, cap: 16, halfLifeDays: 1095, repairable: false },
      { kind: "commitment", points: 2, cap: 6, halfLifeDays: 365, repairable: false },
      { kind: "tax_grade", taxGrade: "A", points: 10, repairable: false },
      { kind: "tax_grade", taxGrade: "B", points: 4, repairable: false },
      { kind: "tax_grade", taxGrade: "C", points: -8, repairable: true },
      { kind: "tax_grade", taxGrade: "D", points: -20, repairable: true },
      { kind: "penalty", severity: "minor", points: -4, halfLifeDays: 180, cap: 20, repairable: true },
      { kind: "penalty", severity: "serious", points: -15, halfLifeDays: 365, cap: 45, repairable: true },
      { kind: "broken_commitment", points: -10, halfLifeDays: 365, cap: 30, repairable: true },
      { kind: "black_list", points: -40, repairable: true },
    ],
    bands: [
      { grade: "A", label: "优", min: 85 },
      { grade: "B", label: "良", min: 70 },
      { grade: "C", label: "中", min: 55 },
      { grade: "D", label: "差", min: 0 },
    ],
  },
};
