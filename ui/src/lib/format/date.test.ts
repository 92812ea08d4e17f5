import { describe, expect, it } from "vitest";
import { formatDay, formatMonth, isIsoDay, previousMonthStart } from "./date";

describe("formatDay", () => {
  it("formats calendar days in both locales without shifting the day", () => {
    expect(formatDay("2025-11-25", "en")).toBe("Nov 25, 2025");
    expect(formatDay("2025-11-25", "en", "long")).toBe("November 25, 2025");
    expect(formatDay("2025-11-25", "zh-CN")).toBe("2025年11月25日");
    expect(formatDay("2025-01-01", "en", "weekday")).toBe("Wed, Jan 1, 2025");
    expect(formatDay("2025-01-01", "zh-CN", "weekday")).toBe("2025年1月1日周三");
  });

  it("returns other text unchanged", () => {
    expect(formatDay("AWS", "en")).toBe("AWS");
    expect(isIsoDay("2025-11-25")).toBe(true);
    expect(isIsoDay("2025-11-25T00:00:00Z")).toBe(false);
  });
});

describe("months", () => {
  it("finds the previous month across the year boundary", () => {
    expect(previousMonthStart("2025-11-01")).toBe("2025-10-01");
    expect(previousMonthStart("2025-01-01")).toBe("2024-12-01");
    expect(previousMonthStart("nope")).toBeNull();
  });

  it("names the month", () => {
    expect(formatMonth("2025-10-01", "en")).toBe("October 2025");
    expect(formatMonth("2025-10-01", "zh-CN")).toBe("2025年10月");
  });
});
