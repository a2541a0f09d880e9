import type { HTMLAttributes } from "react";

/**
 * `{ "data-testid": id }` for props typed without data attributes (antd's onRow, okButtonProps…):
 * spread it, so TypeScript does not flag the hyphenated key as an unknown property.
 */
export function testId(id: string): { "data-testid": string } {
  return { "data-testid": id };
}

/** Row props for antd's Table `onRow` carrying only a test id. */
export function rowTestId(id: string): HTMLAttributes<HTMLElement> {
  return Object.assign({} as HTMLAttributes<HTMLElement>, testId(id));
}
