import { MINIAPP_ROLES, ZIdParams } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { readAttachment } from "./service";

/**
 * Requests that carry files (up to 5 × 5 MB, base64 in JSON) need a larger body limit than
 * the rest of the API. Owner modules name their upload routes here when registering them;
 * app.ts gives those (POST only) the larger limit. Koa-style ":param" segments match one segment.
 */
const uploadPaths: RegExp[] = [];
export function acceptUploadsAt(path: string): void {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+");
  const pattern = new RegExp("^" + escaped + "$");
  if (!uploadPaths.some((p) => p.source === pattern.source)) uploadPaths.push(pattern);
}
export function isUploadPath(path: string): boolean {
  return uploadPaths.some((p) => p.test(path));
}
/** Five files of 5 MB in base64 with the JSON around them. */
export const UPLOAD_BODY_LIMIT = "36mb";

export function registerAttachmentRoutes(api: ApiRouter): void {
  api.route({
    method: "get",
    path: "/attachments/:id",
    tag: "attachments",
    summary: "Download one file of a case (objection evidence, repair proofs)",
    access: [...MINIAPP_ROLES, "regional_admin", "platform_admin"],
    accessNote: "The case's subject and the administrators who may see the case (its prefecture's, the platform's); anyone else: 404",
    params: ZIdParams,
    // Sent as a download: the case lists each file's name and type, and screens fetch it with the token.
    download: { contentType: "application/octet-stream", fileName: (p) => `附件-${p.id}` },
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => (await readAttachment(actor, params.id)).data,
  });
}
