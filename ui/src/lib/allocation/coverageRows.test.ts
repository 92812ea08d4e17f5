import { describe, expect, it } from "vitest";
import type { CoverageRow } from "../backend";
import { nextSort, scopeName, sortCoverage } from "./coverageRows";

const row = (provider: string, total: string, shares: (string | null)[]): CoverageRow => ({
  provider,
  billing_account: null,
  service: null,
  currency: "USD",
  total,
  tagged: shares.map(() => "0"),
  shares,
});

const rows = [row("AWS", "9.5", ["10.00", null]), row("Alibaba Cloud", "100.25", ["2.50", "99.99"]), row("Tencent Cloud", "100.3", ["100.00", "0.00"])];

describe("tag coverage order", () => {
  it("sorts by exact total, not by text", () => {
    expect(sortCoverage(rows, { by: "total", descending: true }).map((r) => r.provider)).toEqual(["Tencent Cloud", "Alibaba Cloud", "AWS"]);
  });

  it("sorts by one key's share with a missing share lowest", () => {
    expect(sortCoverage(rows, { by: 1, descending: true }).map((r) => r.provider)).toEqual(["Alibaba Cloud", "Tencent Cloud", "AWS"]);
    expect(sortCoverage(rows, { by: 0, descending: false }).map((r) => r.provider)).toEqual(["Alibaba Cloud", "AWS", "Tencent Cloud"]);
  });

  it("names a scope by its parts and flips a column clicked twice", () => {
    expect(scopeName({ ...row("AWS", "1", []), billing_account: "123", service: "EC2" })).toBe("AWS / 123 / EC2");
    expect(nextSort({ by: "total", descending: true }, "total")).toEqual({ by: "total", descending: false });
    expect(nextSort({ by: "total", descending: true }, "scope")).toEqual({ by: "scope", descending: false });
    expect(nextSort({ by: "scope", descending: false }, 2)).toEqual({ by: 2, descending: true });
  });
});
