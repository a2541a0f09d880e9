import { ZIdParams, ZImportJob, ZImportJobList, ZImportQuery } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { readRawText } from "../../http/raw-body";
import type { ImportService } from "./service";

const ADMINS = ["platform_admin", "regional_admin"] as const;
/** 100,000 rows of our columns stay well under this. */
const MAX_FILE_BYTES = 48 * 1024 * 1024;

export const IMPORT_UPLOAD_PATH = "/imports";

export function registerImportRoutes(api: ApiRouter, imports: ImportService): void {
  api.route({
    method: "post",
    path: IMPORT_UPLOAD_PATH,
    tag: "imports",
    summary: "Upload a CSV or JSON file of credit records as the raw request body; answers 202 with the job, rows are written in the background",
    access: ADMINS,
    query: ZImportQuery,
    response: ZImportJob,
    status: 202,
    errors: ["IMPORT_TOO_LARGE", "PAYLOAD_TOO_LARGE"],
    handler: async ({ actor, query, ctx }) => imports.start(actor, query.fileName, await readRawText(ctx, MAX_FILE_BYTES)),
  });

  api.route({
    method: "get",
    path: "/imports",
    tag: "imports",
    summary: "Recent import jobs",
    access: ADMINS,
    response: ZImportJobList,
    handler: async ({ actor }) => ({ items: await imports.list(actor) }),
  });

  api.route({
    method: "get",
    path: "/imports/:id",
    tag: "imports",
    summary: "An import job's progress and counts",
    access: ADMINS,
    params: ZIdParams,
    response: ZImportJob,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => imports.get(actor, params.id),
  });

  api.route({
    method: "get",
    path: "/imports/:id/rejections.csv",
    tag: "imports",
    summary: "The rejected rows of an import and why (row, field, reason), as CSV",
    access: ADMINS,
    params: ZIdParams,
    download: { contentType: "text/csv; charset=utf-8", fileName: (params) => `rejections-${params.id}.csv` },
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => imports.rejectionsCsv(actor, params.id),
  });
}
