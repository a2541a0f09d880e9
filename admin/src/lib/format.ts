import dayjs from "dayjs";
import { YUNNAN_PREFECTURES, prefectureName } from "@xinyi/shared";

export const DATE_TIME_FORMAT = "YYYY-MM-DD HH:mm";

export function formatDateTime(iso: string): string {
  const d = dayjs(iso);
  return d.isValid() ? d.format(DATE_TIME_FORMAT) : iso;
}

/** Names of the prefectures a scenario applies to; all 16 read as the whole province. */
export function prefectureNames(codes: readonly string[]): string[] {
  if (codes.length === YUNNAN_PREFECTURES.length && YUNNAN_PREFECTURES.every((p) => codes.includes(p.code))) {
    return ["云南省全域"];
  }
  return codes.map((code) => prefectureName(code) ?? code);
}

/** A calendar date (YYYY-MM-DD) from a date or timestamp; "—" when absent. */
export function formatDate(value: string | undefined): string {
  if (!value) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.format("YYYY-MM-DD") : value;
}

/** A scenario's or partner's scope: "全省", or the prefectures' names. */
export function regionNames(scope: { provinceWide: boolean; prefectureCodes: readonly string[] }): string[] {
  return scope.provinceWide ? ["全省"] : prefectureNames(scope.prefectureCodes);
}
