import { parse } from "csv-parse/sync";
import { AppError } from "../../http/app-error";

export const MAX_IMPORT_ROWS = 100_000;

/** Rows of a CSV (header line with IMPORT_COLUMNS names) or a JSON array of flat objects. */
export function parseImportFile(format: "csv" | "json", text: string): Record<string, unknown>[] {
  let rows: unknown;
  try {
    rows =
      format === "csv"
        ? parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true })
        : JSON.parse(text);
  } catch (err) {
    throw new AppError("VALIDATION_FAILED", format === "csv" ? "CSV 文件无法解析" : "JSON 文件无法解析", {
      issues: [{ path: "body", message: (err as Error).message.slice(0, 200) }],
    });
  }
  if (!Array.isArray(rows)) {
    throw new AppError("VALIDATION_FAILED", "JSON 文件应为记录数组", { issues: [{ path: "body", message: "应为数组" }] });
  }
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError("IMPORT_TOO_LARGE");
  if (rows.length === 0) throw new AppError("VALIDATION_FAILED", "文件中没有记录", { issues: [{ path: "body", message: "没有记录" }] });
  return rows as Record<string, unknown>[];
}
