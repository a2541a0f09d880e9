import {
  PENALTY_SEVERITY_LABELS,
  RECORD_KIND_LABELS,
  RECORD_STATUS_LABELS,
  checkUscc,
  type TCreditRecord,
  type TCreditScale,
  type TRecordStatus,
  type TScoringModel,
  type TSubject,
  type TSubjectKind,
} from "@xinyi/shared";

export const SUBJECT_KIND_LABELS: Record<TSubjectKind, string> = { citizen: "自然人", enterprise: "法人及其他组织" };

/** What identifies a subject on screen: the masked ID number of a citizen, the USCC of an enterprise. Never a full ID number. */
export function subjectIdentifier(subject: Pick<TSubject, "idMasked" | "uscc">): string {
  return subject.idMasked ?? subject.uscc ?? "—";
}

/** A pilot-era USCC (fails its checksum) that an administrator has not yet reviewed. */
export function needsUsccReview(subject: Pick<TSubject, "kind" | "uscc" | "usccReview">): boolean {
  return subject.kind === "enterprise" && subject.uscc !== undefined && !checkUscc(subject.uscc).ok && !subject.usccReview;
}

/** Severity of a penalty or grade of a tax credit record, e.g. "严重", "纳税 A 级"; "" when neither applies. */
export function recordGradeText(record: Pick<TCreditRecord, "severity" | "taxGrade">): string {
  if (record.severity) return PENALTY_SEVERITY_LABELS[record.severity];
  if (record.taxGrade) return `${record.taxGrade} 级`;
  return "";
}

export function recordKindLabel(kind: TCreditRecord["kind"]): string {
  return RECORD_KIND_LABELS[kind];
}

/** Positive kinds read green, negative ones red. */
export function recordKindColor(record: Pick<TCreditRecord, "kind" | "taxGrade">): string {
  switch (record.kind) {
    case "licence":
    case "commitment":
      return "blue";
    case "red_list":
      return "green";
    case "tax_grade":
      return record.taxGrade === "C" || record.taxGrade === "D" ? "orange" : "cyan";
    case "penalty":
    case "broken_commitment":
      return "orange";
    case "black_list":
      return "red";
  }
}

export const RECORD_STATUS_COLORS: Record<TRecordStatus, string> = {
  active: "green",
  frozen: "gold",
  repaired: "blue",
  expired: "default",
  revoked: "default",
};

export function recordStatusLabel(status: TRecordStatus): string {
  return RECORD_STATUS_LABELS[status];
}

/** "+5" / "-120" / "0": whole points, as the model shows them. */
export function signedPoints(value: number): string {
  if (value > 0) return `+${value}`;
  if (value < 0) return `-${Math.abs(value)}`;
  return "0";
}

/** "信用分 0–1000 分 · 基础分 700". */
export function scaleText(scale: TCreditScale): string {
  return `信用分 ${scale.min}–${scale.max} 分 · 基础分 ${scale.base}`;
}

/** The grade bands of a scale, highest first: "AAA 极好 850+". */
export function bandsText(scale: TCreditScale): string[] {
  return scale.bands.map((b) => `${b.grade} ${b.label} ${b.min}+`);
}

/** The scoring model version in force: the newest published one. */
export function inForceVersion(models: readonly TScoringModel[]): number | undefined {
  return models.filter((m) => m.status === "published").sort((a, b) => b.version - a.version)[0]?.version;
}

/** Let the browser save `blob` as `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before releasing the object URL.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
