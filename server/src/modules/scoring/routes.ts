import { ZCreditScales, ZScoringModel, ZScoringModelDraftRequest, ZScoringModelList, ZScoringPreview, ZVersionParams } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { publishedScales, type ScoringService } from "./service";

export function registerScoringRoutes(api: ApiRouter, scoring: ScoringService): void {
  api.route({
    method: "get",
    path: "/credit-scales",
    tag: "scoring",
    summary: "The score scale and grade bands of each subject kind in the model in force (what rule thresholds are checked against)",
    access: "any-signed-in",
    response: ZCreditScales,
    handler: () => publishedScales({ fresh: true }),
  });

  api.route({
    method: "get",
    path: "/scoring-models",
    tag: "scoring",
    summary: "Scoring model versions, newest first",
    access: ["platform_admin", "regional_admin"],
    response: ZScoringModelList,
    handler: async () => ({ items: await scoring.list() }),
  });

  api.route({
    method: "post",
    path: "/scoring-models",
    tag: "scoring",
    summary: "Create a draft version",
    access: ["platform_admin"],
    body: ZScoringModelDraftRequest,
    response: ZScoringModel,
    status: 201,
    handler: ({ actor, body }) => scoring.createDraft(actor, body),
  });

  api.route({
    method: "put",
    path: "/scoring-models/:version",
    tag: "scoring",
    summary: "Edit a draft version",
    access: ["platform_admin"],
    params: ZVersionParams,
    body: ZScoringModelDraftRequest,
    response: ZScoringModel,
    errors: ["NOT_FOUND", "MODEL_NOT_EDITABLE"],
    handler: ({ actor, params, body }) => scoring.updateDraft(actor, params.version, body),
  });

  api.route({
    method: "get",
    path: "/scoring-models/:version/preview",
    tag: "scoring",
    summary: "Grade distribution of today's subjects under this version, beside the model in force",
    access: ["platform_admin"],
    params: ZVersionParams,
    response: ZScoringPreview,
    errors: ["NOT_FOUND"],
    handler: ({ params }) => scoring.preview(params.version),
  });

  api.route({
    method: "post",
    path: "/scoring-models/:version/publish",
    tag: "scoring",
    summary: "Publish a draft: new evaluations use it; past evaluations keep their version",
    access: ["platform_admin"],
    params: ZVersionParams,
    response: ZScoringModel,
    errors: ["NOT_FOUND", "MODEL_NOT_EDITABLE"],
    handler: ({ actor, params }) => scoring.publish(actor, params.version),
  });
}
