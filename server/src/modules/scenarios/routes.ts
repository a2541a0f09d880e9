import { MINIAPP_ROLES, ZAvailableScenarioList, ZIdParams, ZScenario, ZScenarioCreateRequest, ZScenarioList } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import type { ScenarioService } from "./service";

const CONSOLE_MANAGERS = ["platform_admin", "regional_admin"] as const;

export function registerScenarioRoutes(api: ApiRouter, scenarios: ScenarioService): void {
  // Registered before /scenarios/:id so that "available" is not taken for an id.
  api.route({
    method: "get",
    path: "/scenarios/available",
    tag: "scenarios",
    summary: "Open scenarios of the signed-in subject's prefecture, with eligibility and the reason when not eligible",
    access: MINIAPP_ROLES,
    response: ZAvailableScenarioList,
    handler: async ({ actor }) => ({ items: await scenarios.available(actor) }),
  });

  api.route({
    method: "get",
    path: "/scenarios",
    tag: "scenarios",
    summary: "Scenarios the administrator manages",
    access: CONSOLE_MANAGERS,
    response: ZScenarioList,
    handler: async ({ actor }) => ({ items: await scenarios.list(actor) }),
  });

  api.route({
    method: "post",
    path: "/scenarios",
    tag: "scenarios",
    summary: "Create a scenario as a draft",
    access: CONSOLE_MANAGERS,
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
    access: CONSOLE_MANAGERS,
    params: ZIdParams,
    response: ZScenario,
    errors: ["NOT_FOUND"],
    handler: ({ actor, params }) => scenarios.get(actor, params.id),
  });

  api.route({
    method: "post",
    path: "/scenarios/:id/publish",
    tag: "scenarios",
    summary: "Publish a draft scenario",
    access: CONSOLE_MANAGERS,
    params: ZIdParams,
    response: ZScenario,
    errors: ["NOT_FOUND", "SCENARIO_NOT_PUBLISHABLE"],
    handler: ({ actor, params }) => scenarios.publish(actor, params.id),
  });
}
