/**
 * `{ "data-testid": id }` for props typed without data attributes (antd's onRow, okButtonProps…):
 * spread it, so TypeScript does not flag the hyphenated key as an unknown property.
 */
export function testId(id: string): { "data-testid": string } {
  return { "data-testid": id };
}
