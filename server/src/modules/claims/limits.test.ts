import { describe, expect, it } from "vitest";
import { periodKey } from "./limits";

describe("periodKey", () => {
  it("uses Beijing time", () => {
    // 2026-11-30 17:00 UTC is 2026-12-01 01:00 in Beijing.
    const at = new Date("2026-11-30T17:00:00Z");
    expect(periodKey("day", at)).toBe("D:2026-12-01");
    expect(periodKey("month", at)).toBe("M:2026-12");
  });
  it("numbers ISO weeks, with the year of the week's Thursday", () => {
    expect(periodKey("week", new Date("2026-11-27T04:00:00Z"))).toBe("W:2026-48");
    expect(periodKey("week", new Date("2027-01-01T04:00:00Z"))).toBe("W:2026-53");
  });
});
