/**
 * A file's type by its content (magic bytes). Uploads declare a type and carry a name, and
 * neither proves anything: an .exe renamed "证明.pdf" still starts with "MZ". Used for
 * authorization letters and case attachments alike.
 */
export type KnownFileType = "application/pdf" | "image/jpeg" | "image/png";

const SIGNATURES: [KnownFileType, number[]][] = [
  ["application/pdf", [0x25, 0x50, 0x44, 0x46]], // %PDF
  ["image/jpeg", [0xff, 0xd8, 0xff]],
  ["image/png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The type the first bytes show, or null for anything else. */
export function sniffFileType(data: Uint8Array): KnownFileType | null {
  return SIGNATURES.find(([, magic]) => magic.every((byte, i) => data[i] === byte))?.[0] ?? null;
}

/** The declared type, if the content is of that type; null when they differ or the content is of no known type. */
export function confirmedFileType<T extends KnownFileType>(data: Uint8Array, declared: T): T | null {
  return sniffFileType(data) === declared ? declared : null;
}
