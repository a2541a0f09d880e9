import type { TMandateLetterUpload } from "@xinyi/shared";

type LetterType = TMandateLetterUpload["contentType"];

const SIGNATURES: [LetterType, number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46]], // %PDF
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47]],
];

/** The letter's type by its content (magic bytes), if it is the declared one; the file name and declared type prove nothing. */
export function letterContentType(data: Buffer, declared: LetterType): LetterType | null {
  const actual = SIGNATURES.find(([, magic]) => magic.every((byte, i) => data[i] === byte))?.[0];
  return actual === declared ? actual : null;
}
