import { useRef, useState } from "react";
import type { z } from "zod";

/** A form's refusal; `seq` counts submissions, so a test can tell this attempt's message from the last one's. */
export interface FormError {
  seq: number;
  message: string;
}

export function useFormError() {
  const [error, setError] = useState<FormError>();
  const seq = useRef(0);
  return {
    error,
    fail(message: string) {
      seq.current += 1;
      setError({ seq: seq.current, message });
    },
    clear() {
      setError(undefined);
    },
  };
}

/** The message of the first failing field, in the order the form shows them. */
export function firstIssue(error: z.ZodError, order: string[]): string {
  const issues = [...error.issues].sort((a, b) => {
    const ia = order.indexOf(String(a.path[0] ?? ""));
    const ib = order.indexOf(String(b.path[0] ?? ""));
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  return issues[0]?.message ?? "请检查填写的内容";
}

/** USCC and ID numbers as people type them: no spaces, upper case. */
export function normalizeCode(value: string): string {
  return value.replace(/\s/g, "").toUpperCase();
}
