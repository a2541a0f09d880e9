import { describe, expect, it } from "vitest";
import { checkCitizenId, checkRegisteredUscc, checkUscc, maskCitizenId, maskName, maskPhone, plausibleAreaCode } from "./identifiers";

describe("GB 11643 citizen ID", () => {
  it.each(["11010119900101119X", "110101199003076878", "11010119900101119x"])("accepts %s", (id) => {
    expect(checkCitizenId(id)).toEqual({ ok: true });
  });

  it.each([
    ["110101199001011190", "校验位"],
    ["11010119900230119X", "出生日期"],
    ["99010119900101119X", "地区码"],
    ["1101011990010111", "18位"],
    ["110101203001011190", "晚于今天"],
  ])("rejects %s (%s)", (id, why) => {
    const result = checkCitizenId(id, new Date("2026-11-27"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(why);
  });
});

describe("GB 32100 unified social credit code", () => {
  it("accepts the reference code", () => {
    expect(checkUscc("91350100M000100Y43")).toEqual({ ok: true });
  });

  it("rejects the pilot-era code that fails its checksum", () => {
    expect(checkUscc("91350100M0001TGQXM")).toMatchObject({ ok: false, reason: expect.stringContaining("校验位") });
  });

  it.each([
    ["91350100M000100Y4", "18位"],
    ["91350100M00010OY43", "无效字符"],
    ["91990100M000100Y43", "行政区划"],
  ])("rejects %s (%s)", (code, why) => {
    const result = checkUscc(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(why);
  });
});

describe("masking", () => {
  it("shows only the first and last four characters of an ID number", () => {
    expect(maskCitizenId("11010119900101119X")).toBe("1101**********119X");
  });
  it("masks phones and names", () => {
    expect(maskPhone("13800000001")).toBe("138****0001");
    expect(maskName("张三丰")).toBe("张**");
  });
});

describe("check characters", () => {
  it("complete the reference numbers", async () => {
    const { citizenIdCheckChar, usccCheckChar } = await import("./identifiers");
    expect(citizenIdCheckChar("11010119900101119")).toBe("X");
    expect(citizenIdCheckChar("11010119900307687")).toBe("8");
    expect(usccCheckChar("91350100M000100Y4")).toBe("3");
  });
});

describe("USCC area codes and pilot-era codes in registration data", () => {
  it.each([["530102", true], ["530000", true], ["532901", true], ["350100", true], ["531000", false], ["539900", false], ["999999", false], ["5301AB", false]])(
    "area %s plausible: %s",
    (area, ok) => expect(plausibleAreaCode(area)).toBe(ok),
  );

  it("refuses a code whose area is not a Yunnan prefecture", () => {
    expect(checkUscc("91531000MA6K1234X3")).toMatchObject({ ok: false, reason: expect.stringContaining("行政区划") });
  });

  it("accepts a valid code and flags the pilot-era one (valid organization code, failing check character)", () => {
    expect(checkRegisteredUscc("91350100M000100Y43")).toEqual({ ok: true });
    expect(checkRegisteredUscc("91350100M0001TGQXM")).toEqual({ ok: true, pilotEra: true });
  });

  it.each([
    ["91530102MA6K1234X3", "校验位"],
    ["91999999MA6K12345L", "行政区划"],
  ])("refuses %s (%s)", (code, why) => {
    const result = checkRegisteredUscc(code);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(why);
  });
});
