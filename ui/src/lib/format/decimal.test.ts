import { describe, expect, it } from "vitest";
import { decimalToString, parseDecimal, roundHalfAwayFromZero, sumDecimals } from "./decimal";

const round = (text: string, digits: number) => decimalToString(roundHalfAwayFromZero(parseDecimal(text), digits));

describe("parseDecimal", () => {
  it("reads plain, signed and fractional forms", () => {
    expect(parseDecimal("123")).toEqual({ negative: false, units: 123n, scale: 0 });
    expect(parseDecimal("-0.005")).toEqual({ negative: true, units: 5n, scale: 3 });
    expect(parseDecimal("+1.50")).toEqual({ negative: false, units: 150n, scale: 2 });
    expect(parseDecimal(".5")).toEqual({ negative: false, units: 5n, scale: 1 });
    expect(parseDecimal("-0.000")).toEqual({ negative: false, units: 0n, scale: 3 });
  });

  it("rejects what is not a plain decimal", () => {
    for (const bad of ["", "abc", "1e5", "1.2.3", "NaN", "--1", "1,000.00", "0x10"]) {
      expect(() => parseDecimal(bad), bad).toThrow(RangeError);
    }
  });
});

describe("roundHalfAwayFromZero", () => {
  it.each([
    ["0.995", 2, "1.00"],
    ["0.994999", 2, "0.99"],
    ["0.005", 2, "0.01"],
    ["-0.005", 2, "-0.01"],
    ["-0.004", 2, "0.00"],
    ["1.125", 2, "1.13"],
    ["2.5", 0, "3"],
    ["-2.5", 0, "-3"],
    ["99999999999999999.995", 2, "100000000000000000.00"],
    ["1234567.891234", 2, "1234567.89"],
    ["7", 2, "7.00"],
    ["0.1", 3, "0.100"],
  ])("%s to %i digits is %s", (input, digits, expected) => {
    expect(round(input, digits)).toBe(expected);
  });
});

describe("sumDecimals", () => {
  it("adds exactly across scales and signs", () => {
    expect(decimalToString(sumDecimals(["0.1", "0.2"]))).toBe("0.3");
    expect(decimalToString(sumDecimals(["1234567.891234", "0.000006", "-1"]))).toBe("1234566.891240");
    expect(decimalToString(sumDecimals(["9007199254740993", "1"]))).toBe("9007199254740994");
    expect(decimalToString(sumDecimals([]))).toBe("0");
  });
});
