import { MINIAPP_ROLES, ZMe, ZUpdateProfileRequest } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";
import { getMe, updateProfile } from "./service";

export function registerUserRoutes(api: ApiRouter): void {
  api.route({
    method: "get",
    path: "/me",
    tag: "users",
    summary: "The signed-in account",
    access: "any-signed-in",
    response: ZMe,
    handler: ({ actor }) => getMe(actor),
  });

  api.route({
    method: "patch",
    path: "/me",
    tag: "users",
    summary: "Update the signed-in mini-program user's name or prefecture",
    access: MINIAPP_ROLES,
    body: ZUpdateProfileRequest,
    response: ZMe,
    handler: ({ actor, body }) => updateProfile(actor, body),
  });
}
