import { describe, expect, it } from "vitest";
import { currencyDigits, currencyName, formatMoney } from "./money";

describe("currencyDigits", () => {
  it("uses the currency's minor unit as Intl knows it", () => {
    expect(currencyDigits("USD")).toBe(2);
    expect(currencyDigits("CNY")).toBe(2);
    expect(currencyDigits("JPY")).toBe(0);
    expect(currencyDigits("KWD")).toBe(3);
  });
});

describe("formatMoney (en)", () => {
  const en = (amount: string, currency = "USD") => formatMoney(amount, currency, "en");

  it("groups and adds the symbol", () => {
    expect(en("1234567.891234")).toBe("$1,234,567.89");
    expect(en("1234567.891234", "CNY")).toBe("CN¥1,234,567.89");
    expect(en("1234567.891234", "EUR")).toBe("€1,234,567.89");
  });

  it("rounds half away from zero with carries", () => {
    expect(en("0.995")).toBe("$1.00");
    expect(en("999.995")).toBe("$1,000.00");
    expect(en("0.005")).toBe("$0.01");
    expect(en("-0.005")).toBe("-$0.01");
    expect(en("1.004999")).toBe("$1.00");
  });

  it("formats negatives, including below one", () => {
    expect(en("-1234.5")).toBe("-$1,234.50");
    expect(en("-0.5")).toBe("-$0.50");
    expect(en("-0.01")).toBe("-$0.01");
  });

  it("shows zero without a sign", () => {
    expect(en("0")).toBe("$0.00");
    expect(en("0.000000")).toBe("$0.00");
    expect(en("-0.004")).toBe("$0.00");
    expect(en("-0")).toBe("$0.00");
  });

  it("pads integers and keeps values beyond 2^53 exact", () => {
    expect(en("42")).toBe("$42.00");
    expect(en("9007199254740993.005")).toBe("$9,007,199,254,740,993.01");
    expect(en("123456789012345678901234567890.125")).toBe("$123,456,789,012,345,678,901,234,567,890.13");
    expect(en("-9007199254740993")).toBe("-$9,007,199,254,740,993.00");
  });

  it("uses zero digits for JPY and three for KWD", () => {
    expect(en("1234.5", "JPY")).toBe("¥1,235");
    expect(en("1234.4999", "JPY")).toBe("¥1,234");
    expect(en("-0.5", "JPY")).toBe("-¥1");
    expect(en("1.0005", "KWD")).toBe("KWD\u00a01.001");
  });

  it("keeps unparseable text visible rather than hiding the figure", () => {
    expect(en("n/a", "USD")).toBe("n/a USD");
  });
});

describe("formatMoney (zh-CN)", () => {
  const zh = (amount: string, currency: string) => formatMoney(amount, currency, "zh-CN");

  it("uses the Chinese symbols", () => {
    expect(zh("1234567.891234", "CNY")).toBe("¥1,234,567.89");
    expect(zh("1234567.891234", "USD")).toBe("US$1,234,567.89");
    expect(zh("1234.5", "JPY")).toBe("JP¥1,235");
  });

  it("rounds and signs the same way", () => {
    expect(zh("0.995", "CNY")).toBe("¥1.00");
    expect(zh("-0.005", "CNY")).toBe("-¥0.01");
    expect(zh("-1234.567", "USD")).toBe("-US$1,234.57");
    expect(zh("0", "CNY")).toBe("¥0.00");
  });
});

describe("currencyName", () => {
  it("is localised", () => {
    expect(currencyName("CNY", "zh-CN")).toBe("人民币");
    expect(currencyName("USD", "en")).toBe("US Dollar");
  });
});
