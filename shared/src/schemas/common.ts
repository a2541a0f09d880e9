import { z } from "zod";
import { PREFECTURE_CODES } from "../regions";

export const ZObjectId = z.string().regex(/^[a-f0-9]{24}$/, "不是有效的编号");
export const ZIdParams = z.object({ id: ZObjectId });

export const ZPrefectureCode = z.enum(PREFECTURE_CODES, { error: "不是云南省的州市行政区划代码" });

/** ISO-8601 timestamp with offset, as sent and returned by the API. */
export const ZTimestamp = z.iso.datetime({ offset: true, error: "应为 ISO 8601 时间，如 2026-12-01T00:00:00+08:00" });

export const ZMainlandPhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, "请输入11位中国大陆手机号");

export const ZPrefecture = z.object({ code: ZPrefectureCode, name: z.string() });
export const ZPrefectureList = z.object({ items: z.array(ZPrefecture) });
export type TPrefecture = z.infer<typeof ZPrefecture>;

/**
 * An integer in a path or query string, written one way only: decimal digits, no sign,
 * no leading zeros, no hex, exponent or spaces. `z.coerce.number()` read "0x10" as 16
 * and "" as 0, so one URL could name a version its reader never meant.
 */
export function ZQueryInt(min: number, max: number) {
  return z
    .string({ error: "应为整数" })
    .regex(/^(0|[1-9][0-9]{0,14})$/, "应为不带符号和前导零的十进制整数")
    .transform(Number)
    .pipe(z.number().int().min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`));
}

// Invisible characters a person may paste without knowing: removed.
const INVISIBLE = /[\u200B-\u200F\u2060-\u2064\uFEFF]/g;
// Characters that reorder or hide what others read (Trojan Source): refused, never silently kept.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
const CONTROLS_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const CONTROLS_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Removes the invisible characters (zero-width spaces and joiners, BOM) from pasted text. */
export function cleanText(value: string): string {
  return value.replace(INVISIBLE, "");
}

/**
 * Free text shown to other people (titles, names, terms, reasons): zero-width
 * characters are stripped, NUL/control characters and bidirectional overrides
 * refused, then trimmed and measured. `multiline` allows line breaks and tabs.
 */
export function ZCleanText(min: number, max: number, messages: { min?: string; max?: string; multiline?: boolean } = {}) {
  const controls = messages.multiline ? CONTROLS_MULTILINE : CONTROLS_SINGLE_LINE;
  return z
    .string()
    .superRefine((value, ctx) => {
      if (BIDI_CONTROLS.test(value)) ctx.addIssue({ code: "custom", message: "不能包含改变文字方向的控制字符" });
      else if (controls.test(value)) ctx.addIssue({ code: "custom", message: messages.multiline ? "不能包含控制字符" : "不能包含换行或控制字符" });
    })
    .transform(cleanText)
    .pipe(
      z
        .string()
        .trim()
        .min(min, messages.min ?? `至少${min}个字`)
        .max(max, messages.max ?? `最多${max}个字`),
    );
}
