import { AppError } from "./app-error";
import type { AppContext } from "./context";

/** Reads a request body as UTF-8 text, refusing more than `limitBytes`. */
export async function readRawText(ctx: AppContext, limitBytes: number): Promise<string> {
  const declared = Number(ctx.get("content-length") || 0);
  if (declared > limitBytes) throw new AppError("PAYLOAD_TOO_LARGE");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new AppError("PAYLOAD_TOO_LARGE");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
