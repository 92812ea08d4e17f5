import { describe, expect, it } from "vitest";
import { decimalSign, formatPercent } from "./percent";

describe("formatPercent", () => {
  it("does not rescale: the input is already a percentage", () => {
    expect(formatPercent("12.34", "en")).toBe("12.3%");
    expect(formatPercent("35.41", "zh-CN")).toBe("35.4%");
  });

  it("signs changes on request and rounds half away from zero", () => {
    expect(formatPercent("8.15", "en", { signed: true })).toBe("+8.2%");
    expect(formatPercent("-7.35", "en", { signed: true })).toBe("-7.4%");
    expect(formatPercent("0.04", "en", { signed: true })).toBe("0.0%");
    expect(formatPercent("-0.04", "zh-CN", { signed: true })).toBe("0.0%");
  });

  it("groups large values and honours digits", () => {
    expect(formatPercent("1234.5", "en", { digits: 0 })).toBe("1,235%");
    expect(formatPercent("41", "en", { digits: 0 })).toBe("41%");
    expect(formatPercent("99.995", "en", { digits: 2 })).toBe("100.00%");
  });
});

describe("decimalSign", () => {
  it("is the sign after rounding to the shown digits", () => {
    expect(decimalSign("8.18")).toBe(1);
    expect(decimalSign("-7.38")).toBe(-1);
    expect(decimalSign("0.04")).toBe(0);
    expect(decimalSign("0.05")).toBe(1);
    expect(decimalSign("-0.05")).toBe(-1);
    expect(decimalSign("0")).toBe(0);
    expect(decimalSign("bogus")).toBe(0);
  });
});
