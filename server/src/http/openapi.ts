import { z, type ZodType } from "zod";
import { ERROR_CATALOG, ZErrorEnvelope } from "@xinyi/shared";
import type { AnyRouteSpec } from "./api-router";

type JsonSchema = Record<string, unknown>;

/**
 * Builds the OpenAPI 3.1 document from the routes' zod schemas. Schemas with a
 * `.meta({ id })` become shared components.
 */
export function buildOpenApi(specs: AnyRouteSpec[], info: { title: string; version: string }, basePath: string) {
  const components: Record<string, JsonSchema> = {};

  function toSchema(schema: ZodType, io: "input" | "output"): JsonSchema {
    const json = z.toJSONSchema(schema, { target: "draft-2020-12", io, unrepresentable: "any" }) as JsonSchema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    delete json.$schema;
    const rewrite = (value: JsonSchema) => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [id, def] of Object.entries(defs)) {
      // zod names a recursive schema without an id "__schema0" in every document it builds: they would collide here.
      if (id.startsWith("__schema")) throw new Error(`OpenAPI: a recursive schema has no id; give it .meta({ id }): ${JSON.stringify(def).slice(0, 200)}`);
      components[id] ??= rewrite(def);
    }
    const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
    if (id) {
      components[id] ??= rewrite(json);
      return { $ref: `#/components/schemas/${id}` };
    }
    return rewrite(json);
  }

  const errorResponse = (code: string) => ({
    description: ERROR_CATALOG[code as keyof typeof ERROR_CATALOG]?.message ?? code,
    content: { "application/json": { schema: toSchema(ZErrorEnvelope, "output") } },
  });

  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = basePath + spec.path.replace(/:(\w+)/g, "{$1}");
    const parameters: unknown[] = [];
    for (const [where, schema] of [["path", spec.params], ["query", spec.query]] as const) {
      if (!schema) continue;
      const json = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, prop] of Object.entries(json.properties ?? {})) {
        parameters.push({ name, in: where, required: where === "path" || (json.required ?? []).includes(name), schema: prop });
      }
    }
    const status = String(spec.status ?? (spec.response || spec.download ? 200 : 204));
    const responses: Record<string, unknown> = {
      [status]: spec.response
        ? { description: "OK", content: { "application/json": { schema: toSchema(spec.response, "output") } } }
        : spec.download
          ? { description: "A file", content: { [spec.download.contentType]: { schema: { type: "string" } } } }
          : { description: "No content" },
    };
    const errorCodes = new Set<string>(spec.errors ?? []);
    if (spec.body || spec.params || spec.query) errorCodes.add("VALIDATION_FAILED");
    if (spec.access !== "public") {
      errorCodes.add("AUTH_REQUIRED");
      errorCodes.add("FORBIDDEN");
    }
    for (const code of errorCodes) {
      const httpStatus = String(ERROR_CATALOG[code as keyof typeof ERROR_CATALOG].status);
      responses[httpStatus] ??= errorResponse(code);
    }
    paths[path] ??= {};
    paths[path]![spec.method] = {
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.access === "public" ? {} : { security: [{ bearerAuth: [] }] }),
      ...(spec.access === "public" || spec.access === "any-signed-in"
        ? spec.accessNote ? { description: spec.accessNote } : {}
        : { description: `Roles: ${spec.access.join(", ")}${spec.accessNote ? `. ${spec.accessNote}` : ""}` }),
      ...(spec.access === "public" ? {} : { "x-access": { roles: spec.access, ...(spec.accessNote ? { note: spec.accessNote } : {}) } }),
      ...(parameters.length ? { parameters } : {}),
      ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: toSchema(spec.body, "input") } } } } : {}),
      responses,
    };
  }

  return {
    openapi: "3.1.0",
    info,
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}
