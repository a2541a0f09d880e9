import { z } from "zod";

// Validation messages reach users: zod's built-in ones in Simplified Chinese too.
z.config(z.locales.zhCN());
