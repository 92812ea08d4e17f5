import { describe, expect, it } from "vitest";
import { compareDecimals } from "./rateOrder";
import { validateRate } from "./rateValidation";

const rate = (over: Partial<{ date: string; from: string; to: string; rate: string }> = {}) => ({
  date: "2025-01-31",
  from: "usd",
  to: "CNY",
  rate: " 7.1234 ",
  ...over,
});

describe("validateRate", () => {
  it("normalises codes and keeps the exact decimal text", () => {
    expect(validateRate(rate())).toEqual({ rate: { date: "2025-01-31", from: "USD", to: "CNY", rate: "7.1234" } });
    expect(validateRate(rate({ rate: "0.000000012345678901" }))).toEqual({
      rate: { date: "2025-01-31", from: "USD", to: "CNY", rate: "0.000000012345678901" },
    });
  });

  it("names the first problem", () => {
    expect(validateRate(rate({ date: "2025-02-30" }))).toEqual({ problem: "date" });
    expect(validateRate(rate({ date: "31/01/2025" }))).toEqual({ problem: "date" });
    expect(validateRate(rate({ from: "US" }))).toEqual({ problem: "from" });
    expect(validateRate(rate({ to: "RMB1" }))).toEqual({ problem: "to" });
    expect(validateRate(rate({ to: "usd" }))).toEqual({ problem: "samePair" });
    expect(validateRate(rate({ rate: "7,12" }))).toEqual({ problem: "rate" });
    expect(validateRate(rate({ rate: "1e3" }))).toEqual({ problem: "rate" });
    expect(validateRate(rate({ rate: "-7" }))).toEqual({ problem: "rate" });
    expect(validateRate(rate({ rate: "0.000" }))).toEqual({ problem: "rateZero" });
  });
});

describe("compareDecimals", () => {
  it("orders exactly, beyond float precision", () => {
    expect(compareDecimals("7.1", "7.10")).toBe(0);
    expect(compareDecimals("0.12345678901234567891", "0.12345678901234567890")).toBe(1);
    expect(compareDecimals("10", "9.99")).toBe(1);
    expect(compareDecimals("bad", "1")).toBe(1);
  });
});
