import { describe, expect, it } from "vitest";
import { ZScenarioCreateRequest } from "../index";

const valid = {
  title: "滇池游船8折",
  category: "tourism",
  prefectureCodes: ["530100"],
  minCreditScore: 650,
  quota: 100,
  startsAt: "2026-12-01T00:00:00+08:00",
  endsAt: "2026-12-31T00:00:00+08:00",
};

describe("ZScenarioCreateRequest", () => {
  it("accepts a complete scenario and defaults the description", () => {
    expect(ZScenarioCreateRequest.parse(valid).description).toBe("");
  });

  it("refuses duplicate prefectures and unknown ones, in Chinese", () => {
    const dup = ZScenarioCreateRequest.safeParse({ ...valid, prefectureCodes: ["530100", "530100"] });
    expect(dup.error?.issues[0]?.message).toBe("适用地区不能重复");
    const unknown = ZScenarioCreateRequest.safeParse({ ...valid, prefectureCodes: ["110100"] });
    expect(unknown.error?.issues[0]?.message).toBe("不是云南省的州市行政区划代码");
  });

  it("speaks Chinese for zod's own messages too", () => {
    const result = ZScenarioCreateRequest.safeParse({ ...valid, title: undefined });
    expect(result.error?.issues[0]?.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
