import {
  MINIAPP_ROLES,
  ZAvailableQuery,
  ZAvailableScenarioList,
  ZIdParams,
  ZScenario,
  ZScenarioCreateRequest,
  ZScenarioDryRun,
  ZScenarioHistory,
  ZScenarioList,
  ZScenarioListQuery,
  ZScenarioStats,
  ZScenarioTransitionRequest,
  ZScenarioUpdateRequest,
} from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { ScenarioService } from "./service";

const CONSOLE = ["platform_admin", "regional_admin", "partner_operator"] as const;

export function registerScenarioRoutes(api: ApiRouter, scenarios: ScenarioService): void {
  // Registered before /scenarios/:id so that "available" is not taken for an id.
  api.route({
    method: "get",
    path: "/scenarios/available",
    tag: "scenarios",
    summary: "Open scenarios in the subject's region, eligible first, each with the benefit for their grade or the reasons and hints when not eligible",
    access: MINIAPP_ROLES,
    query: ZAvailableQuery,
    response: ZAvailableScenarioList,
    handler: ({ actor, query }) => scenarios.available(actor, query),
  });

  api.route({
    method: "get",
    path: "/scenarios",
    tag: "scenarios",
    summary: "Scenarios this console user manages or reviews",
    access: CONSOLE,
    query: ZScenarioListQuery,
    response: ZScenarioList,
    handler: async ({ actor, query }) => ({ items: await scenarios.list(actor, query.status) }),
  });

  api.route({
    method: "post",
    path: "/scenarios",
    tag: "scenarios",
    summary: "Create a scenario as a draft (a partner operator's belongs to their partner)",
    access: CONSOLE,
    body: ZScenarioCreateRequest,
    response: ZScenario,
    status: 201,
    handler: ({ actor, body }) => scenarios.create(actor, body),
  });

  api.route({
    method: "get",
    path: "/scenarios/:id",
    tag: "scenarios",
    summary: "One scenario with live numbers",
    access: CONSOLE,
    params: ZIdParams,
    response: ZScenario,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => scenarios.get(actor, params.id),
  });

  api.route({
    method: "put",
    path: "/scenarios/:id",
    tag: "scenarios",
    summary: "Edit a draft or rejected scenario (a new version)",
    access: CONSOLE,
    params: ZIdParams,
    body: ZScenarioUpdateRequest,
    response: ZScenario,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "SCENARIO_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => scenarios.update(actor, params.id, body),
  });

  api.route({
    method: "post",
    path: "/scenarios/:id/transitions",
    tag: "scenarios",
    summary: "Move a scenario through its workflow: submit, approve, reject, publish, pause, resume, end",
    access: CONSOLE,
    params: ZIdParams,
    body: ZScenarioTransitionRequest,
    response: ZScenario,
    errors: ["NOT_FOUND", "VERSION_CONFLICT", "SCENARIO_TRANSITION_INVALID"],
    handler: ({ actor, params, body }) => scenarios.transition(actor, params.id, body),
  });

  api.route({
    method: "get",
    path: "/scenarios/:id/history",
    tag: "scenarios",
    summary: "Every version of a scenario",
    access: CONSOLE,
    params: ZIdParams,
    response: ZScenarioHistory,
    errors: ["NOT_FOUND"],
    handler: async ({ actor, params }) => ({ items: await scenarios.history(actor, params.id) }),
  });

  api.route({
    method: "get",
    path: "/scenarios/:id/dry-run",
    tag: "scenarios",
    summary: "How many subjects in scope qualify today, per grade, and how fast the quota would go",
    access: CONSOLE,
    params: ZIdParams,
    response: ZScenarioDryRun,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => scenarios.dryRun(actor, params.id),
  });

  api.route({
    method: "get",
    path: "/scenarios/:id/stats",
    tag: "scenarios",
    summary: "Live numbers: claimed, redeemed, cancelled, expired, remaining",
    access: CONSOLE,
    params: ZIdParams,
    response: ZScenarioStats,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => scenarios.stats(actor, params.id),
  });
}
