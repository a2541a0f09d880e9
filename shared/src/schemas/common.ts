import { z } from "zod";
import { PREFECTURE_CODES } from "../regions";

export const ZObjectId = z.string().regex(/^[a-f0-9]{24}$/, "不是有效的编号");
export const ZIdParams = z.object({ id: ZObjectId });

export const ZPrefectureCode = z.enum(PREFECTURE_CODES, { error: "不是云南省的州市行政区划代码" });

/** ISO-8601 timestamp with offset, as sent and returned by the API. */
export const ZTimestamp = z.iso.datetime({ offset: true, error: "应为 ISO 8601 时间，如 2026-12-01T00:00:00+08:00" });

export const ZMainlandPhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, "请输入11位中国大陆手机号");

export const ZPrefecture = z.object({ code: ZPrefectureCode, name: z.string() });
export const ZPrefectureList = z.object({ items: z.array(ZPrefecture) });
export type TPrefecture = z.infer<typeof ZPrefecture>;
