import type { FormInstance } from "antd";

/**
 * Map validation issue paths (zod issue paths on the client, `body.x.y` strings from the
 * server's `details.issues`) to form field names, so errors show under the right field.
 */
export type TFieldErrors<F extends string> = {
  fields: Partial<Record<F, string[]>>;
  /** Messages whose path matches no field; show them in a banner. */
  unmatched: string[];
};

export type TPathSegment = string | number | symbol;

/** Normalise a path to segments: ["body","quota"] / "body.quota" / "body.prefectureCodes[0]" → ["quota"] etc. */
export function pathSegments(path: string | readonly TPathSegment[]): string[] {
  const segments = typeof path === "string" ? path.split(/[.[\]]+/).filter((s) => s.length > 0) : path.map(String);
  return segments[0] === "body" ? segments.slice(1) : segments;
}

export function mapIssuesToFields<F extends string>(
  issues: readonly { path: string | readonly TPathSegment[]; message: string }[],
  fieldFor: (segments: string[]) => F | undefined,
): TFieldErrors<F> {
  const fields: Partial<Record<F, string[]>> = {};
  const unmatched: string[] = [];
  for (const issue of issues) {
    const field = fieldFor(pathSegments(issue.path));
    if (field === undefined) {
      if (!unmatched.includes(issue.message)) unmatched.push(issue.message);
      continue;
    }
    const list = fields[field] ?? [];
    if (!list.includes(issue.message)) list.push(issue.message);
    fields[field] = list;
  }
  return { fields, unmatched };
}

/**
 * Set (or clear, with `errors: []`) messages on name paths built at run time (list items,
 * nested fields), which a typed form's NamePath cannot name statically.
 */
export function setErrorsAt(form: Pick<FormInstance, "setFields">, entries: readonly { name: readonly (string | number)[]; errors: string[] }[]): void {
  form.setFields(entries.map((e) => ({ name: [...e.name], errors: e.errors })));
}

/** Clear every message the form currently shows, or only those under the top-level `keys`. */
export function clearErrors(form: Pick<FormInstance, "setFields" | "getFieldsError">, keys?: readonly string[]): void {
  setErrorsAt(
    form,
    form
      .getFieldsError()
      .filter((f) => f.errors.length > 0 && (keys === undefined || keys.includes(String(f.name[0]))))
      .map((f) => ({ name: f.name, errors: [] })),
  );
}
