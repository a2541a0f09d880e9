import { ApiError, errorMessage } from "../api/client";

/**
 * A decision with a reason (approve / reject / revoke) that the server refused: a problem with
 * the reason goes under the reason field; anything else is said in a message, and when the item
 * was decided elsewhere meanwhile (one of `staleCodes`) the dialog closes and the list reloads,
 * so the person sees what is true now.
 */
export function handleDecisionError(
  err: unknown,
  options: { staleCodes: readonly string[]; setReasonError: (message: string) => void; showError: (message: string) => void; onStale: () => void },
): void {
  const reasonIssue = err instanceof ApiError ? err.issues.find((i) => i.path.endsWith("reason")) : undefined;
  if (reasonIssue) {
    options.setReasonError(reasonIssue.message);
    return;
  }
  options.showError(errorMessage(err));
  if (err instanceof ApiError && options.staleCodes.includes(err.code)) options.onStale();
}
