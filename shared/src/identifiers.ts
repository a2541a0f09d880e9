/**
 * Checksums and masking for the two identifiers the programme runs on.
 * Pure functions: used by the server to validate input and by the clients to
 * give instant feedback before submitting.
 */

import { YUNNAN_PREFECTURES } from "./regions";

/** Province-level prefixes of GB/T 2260 area codes (first two digits). */
const PROVINCE_PREFIXES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
  "65", "71", "81", "82",
]);

export type TIdCheck = { ok: true } | { ok: false; reason: string };

const CITIZEN_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CITIZEN_ID_CHECK_CHARS = "10X98765432";

/** The check character that completes the first 17 characters of a citizen ID number. */
export function citizenIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * CITIZEN_ID_WEIGHTS[i]!;
  return CITIZEN_ID_CHECK_CHARS[sum % 11]!;
}

/** The check character that completes the first 17 characters of a USCC. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** GB 11643-1999 citizen ID number: area prefix, real birth date, check character. */
export function checkCitizenId(raw: string, today: Date = new Date()): TIdCheck {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: "身份证号码应为18位，前17位为数字，最后一位为数字或X" };
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) return { ok: false, reason: "身份证号码的地区码无效" };

  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDate = birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDate || year < 1900) return { ok: false, reason: "身份证号码中的出生日期无效" };
  if (birth.getTime() > today.getTime()) return { ok: false, reason: "身份证号码中的出生日期晚于今天" };

  if (citizenIdCheckChar(id) !== id[17]) return { ok: false, reason: "身份证号码校验位不正确" };
  return { ok: true };
}

const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100-2015 unified social credit code: charset, area code, check character. */
export function checkUscc(raw: string): TIdCheck {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: "统一社会信用代码应为18位" };
  for (const ch of code) {
    if (!USCC_CHARSET.includes(ch)) return { ok: false, reason: `统一社会信用代码含有无效字符“${ch}”（不使用 I、O、S、V、Z）` };
  }
  if (!plausibleAreaCode(code.slice(2, 8))) return { ok: false, reason: "统一社会信用代码中的行政区划码无效" };
  if (usccCheckChar(code) !== code[17]) return { ok: false, reason: "统一社会信用代码校验位不正确" };
  return { ok: true };
}

// Yunnan codes must name the province itself or one of its prefectures; elsewhere the province prefix is all we know.
const YUNNAN_AREA_PREFIXES = new Set(["5300", ...YUNNAN_PREFECTURES.map((p) => p.code.slice(0, 4))]);

/**
 * A GB/T 2260 area code as a USCC carries it (positions 3–8). USCCs date from 2015, so
 * they use current codes; citizen IDs are not held to this, as people born under
 * since-abolished codes keep them.
 */
export function plausibleAreaCode(area: string): boolean {
  if (!/^\d{6}$/.test(area) || !PROVINCE_PREFIXES.has(area.slice(0, 2))) return false;
  return !area.startsWith("53") || YUNNAN_AREA_PREFIXES.has(area.slice(0, 4));
}

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 organization code (9 characters, the last a check character). */
function orgCodeValid(code: string): boolean {
  if (!/^[0-9A-Z]{8}[0-9X]$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(code[i]!, 36) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return code[8] === (c === 10 ? "X" : c === 11 ? "0" : String(c));
}

/**
 * A USCC as registration data (record entry, imports) may bring it: valid, or a
 * pilot-era code that is accepted for an administrator's review. Pilot-era codes were
 * built around an existing organization code (positions 9–17, GB 11714) and fail only
 * the GB 32100 check character; a code whose organization code is broken too is a typo.
 */
export function checkRegisteredUscc(raw: string): TIdCheck & { pilotEra?: true } {
  const strict = checkUscc(raw);
  if (strict.ok || !strict.reason.includes("校验位")) return strict;
  return orgCodeValid(raw.trim().toUpperCase().slice(8, 17)) ? { ok: true, pilotEra: true } : strict;
}

/** 11010119900101119X → 1101**********119X. Never show more than this. */
export function maskCitizenId(id: string): string {
  if (id.length < 8) return "*".repeat(id.length);
  return id.slice(0, 4) + "*".repeat(id.length - 8) + id.slice(-4);
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return "*".repeat(phone.length);
  return phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

/** 张三丰 → 张** ; keeps only the family name. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length <= 1) return name;
  return chars[0] + "*".repeat(chars.length - 1);
}
