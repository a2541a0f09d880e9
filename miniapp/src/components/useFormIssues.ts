import { useRef, useState } from "react";
import Taro from "@tarojs/taro";
import { errorMessage, newIdempotencyKey } from "../api/client";
import { fieldIssues, outcomeUnknown } from "../lib/loans";

/**
 * A form's refusals, field by field, the message above its button, and its one submission at a time
 * (信易贷 application and demand forms). `E` is that message with whatever else the form shows with it
 * (optional fields only).
 * `fieldOrder` is the order the form shows its fields in: the first refused one is scrolled to, and only
 * these keys of a server refusal are shown under fields. Test ids are `<prefix>-<field>`, and
 * `<prefix>-consent` for the consent's keys.
 */
export function useFormIssues<E extends { seq: number; message: string }>(prefix: string, fieldOrder: readonly string[]) {
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<E>();
  const [submitting, setSubmitting] = useState(false);
  const seq = useRef(0);
  /**
   * One key per submission of the form: kept while the outcome of the last attempt is unknown
   * (lost answer, still processing), so tapping again cannot make a second one; replaced once the
   * server has answered, since a corrected form is a new request.
   */
  const idempotencyKey = useRef(newIdempotencyKey());

  function clearIssue(key: string) {
    if (issues[key]) setIssues((cur) => Object.fromEntries(Object.entries(cur).filter(([k]) => k !== key)));
  }

  /** A new seq each time, so the same message shown again is still a new refusal (tests read data-seq). */
  function fail(error: Omit<E, "seq">) {
    seq.current += 1;
    setFormError({ ...error, seq: seq.current } as E);
  }

  function scrollToFirst(found: Record<string, string>) {
    const first = fieldOrder.find((k) => found[k]);
    if (!first) return;
    const testId = first.startsWith("consent") ? `${prefix}-consent` : `${prefix}-${first}`;
    void Taro.pageScrollTo({ selector: `[data-testid="${testId}"]`, duration: 200, offsetTop: -80 }).catch(() => undefined);
  }

  /** After a refused request: a new key unless the outcome is unknown; the server's field issues shown and returned. */
  function takeServerIssues(e: unknown): Record<string, string> {
    if (!outcomeUnknown(e)) idempotencyKey.current = newIdempotencyKey();
    const shown = Object.fromEntries(Object.entries(fieldIssues(e)).filter(([k]) => fieldOrder.includes(k)));
    setIssues(shown);
    return shown;
  }

  /** A text field's props tied to the form: its refusal, its test id `<prefix>-<key>`, and edits that clear the refusal. */
  function bind(key: string, value: string, set: (value: string) => void) {
    return {
      error: issues[key],
      testId: `${prefix}-${key}`,
      value,
      onChange: (next: string) => {
        set(next);
        clearIssue(key);
      },
    };
  }

  /**
   * Send the form once its own check passed (no `found` and a body), with the submission's key. Its
   * refusals stay under their fields and the first is scrolled to; a server's refusal is shown as
   * `special` makes it (LOAN_APPLICATION_OPEN…), else in plain words, with `unknownHint` ("请再点一次…")
   * when the outcome is unknown.
   */
  async function submit<B, T>(
    found: Record<string, string>,
    body: B | undefined,
    send: (body: B, idempotencyKey: string) => Promise<T>,
    { toast, done, unknownHint, special }: { toast: string; done: (created: T) => void; unknownHint: string; special?: (e: unknown) => Omit<E, "seq"> | undefined },
  ) {
    // E's other fields are optional, so a message alone is one.
    const message = (text: string) => ({ message: text }) as Omit<E, "seq">;
    setIssues(found);
    if (body === undefined || Object.keys(found).length) {
      fail(message("请按标红的提示修改后再提交"));
      scrollToFirst(found);
      return;
    }
    setFormError(undefined);
    setSubmitting(true);
    try {
      const created = await send(body, idempotencyKey.current);
      void Taro.showToast({ title: toast, icon: "success", duration: 1500 });
      done(created);
    } catch (e) {
      const shown = takeServerIssues(e);
      if (outcomeUnknown(e)) fail(message(`${errorMessage(e)}。${unknownHint}`));
      else fail(special?.(e) ?? message(Object.keys(shown).length ? `${errorMessage(e)}：请按标红的提示修改` : errorMessage(e)));
      scrollToFirst(shown);
    } finally {
      setSubmitting(false);
    }
  }

  return { issues, clearIssue, bind, formError, submitting, submit };
}
