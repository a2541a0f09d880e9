import { describe, expect, it } from "vitest";
import { ZScenarioCreateRequest } from "../index";

const valid = {
  title: "滇池游船8折",
  category: "tourism",
  prefectureCodes: ["530100"],
  rule: { type: "minScore", score: 650 },
  benefit: { summary: "船票8折" },
  quota: 100,
  startsAt: "2026-12-01T00:00:00+08:00",
  endsAt: "2026-12-31T00:00:00+08:00",
};

describe("ZScenarioCreateRequest", () => {
  it("accepts a complete scenario and fills the defaults", () => {
    const parsed = ZScenarioCreateRequest.parse(valid);
    expect(parsed).toMatchObject({ description: "", terms: "", provinceWide: false, perSubjectLimit: { total: 1 }, redemptionHours: 72, benefit: { tiers: [] } });
  });

  it("refuses duplicate and unknown prefectures, and no region at all, in Chinese", () => {
    expect(ZScenarioCreateRequest.safeParse({ ...valid, prefectureCodes: ["530100", "530100"] }).error?.issues[0]?.message).toBe("适用地区不能重复");
    expect(ZScenarioCreateRequest.safeParse({ ...valid, prefectureCodes: ["110100"] }).error?.issues[0]?.message).toBe("不是云南省的州市行政区划代码");
    expect(ZScenarioCreateRequest.safeParse({ ...valid, prefectureCodes: [] }).error?.issues[0]).toMatchObject({ path: ["prefectureCodes"], message: "至少选择一个适用地区，或选择全省" });
    expect(ZScenarioCreateRequest.safeParse({ ...valid, prefectureCodes: [], provinceWide: true }).success).toBe(true);
  });

  it("speaks Chinese for zod's own messages too", () => {
    const result = ZScenarioCreateRequest.safeParse({ ...valid, title: undefined });
    expect(result.error?.issues[0]?.message).toMatch(/[\u4e00-\u9fa5]/);
  });
});
