import "./zod-setup";
export * from "./errors";
export * from "./regions";
export * from "./roles";
export * from "./identifiers";
export * from "./schemas/common";
export * from "./schemas/auth";
export * from "./schemas/scenarios";
