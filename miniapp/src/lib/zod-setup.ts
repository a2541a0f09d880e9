import { z } from "zod";

/**
 * Zod 4 compiles fast parsers with `new Function`, which mini-program runtimes forbid.
 * This module must be evaluated before any schema is defined: app.ts imports it first,
 * ahead of anything that pulls in @xinyi/shared.
 */
z.config({ jitless: true });
