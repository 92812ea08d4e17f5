import { describe, expect, it } from "vitest";
import { exploreResult } from "../../test/fixtures/explorer";
import { compareDecimal } from "./compareDecimal";
import { seriesGroups } from "./seriesGroups";
import { buildRows, sortRows } from "./table";
import { includeValue } from "../state/explorer.svelte";

describe("explorer table", () => {
  it("compares decimal strings exactly, beyond float precision", () => {
    expect(compareDecimal("9007199254740993.000000001", "9007199254740993")).toBe(1);
    expect(compareDecimal("-0.5", "0.25")).toBe(-1);
    expect(compareDecimal("1.50", "1.5")).toBe(0);
  });

  it("collects per-period amounts per group and keeps other last in either order", () => {
    const rows = buildRows(exploreResult(), null);
    expect(rows[1]?.byPeriod).toEqual({ "2025-11-23": "100.10", "2025-11-24": "200.20", "2025-11-25": "300.30" });
    const asc = sortRows(rows, "total", "asc").map((r) => r.groups[0]);
    expect(asc).toEqual([null, "Elastic Compute Service", "Object Storage Service", "Other", "Amazon EC2"]);
    const byDay = sortRows(rows, "p:2025-11-24", "desc").map((r) => r.groups[0]);
    expect(byDay.slice(0, 3)).toEqual(["Object Storage Service", "Elastic Compute Service", null]);
    // Untagged has no text, so it sorts after named groups.
    expect(sortRows(rows, "g0", "asc").map((r) => r.groups[0]).slice(0, 4)).toEqual([
      "Elastic Compute Service",
      "Object Storage Service",
      null,
      "Other",
    ]);
  });

  it("maps a legend label back to its group", () => {
    const totals = [
      { groups: ["AWS", "EC2"], amount: "1", currency: "USD", share: "50", other: false },
      { groups: ["Other"], amount: "1", currency: "USD", share: "50", other: true },
    ];
    expect(seriesGroups("AWS / EC2", totals)).toEqual(["AWS", "EC2"]);
    expect(seriesGroups("Other", totals)).toBeNull();
  });

  it("adds an include value once and takes it out of an exclude filter", () => {
    const start = [{ dimension: "service", values: ["ECS"], exclude: true }];
    const once = includeValue(start, "service", "ECS");
    expect(once).toEqual([{ dimension: "service", values: ["ECS"], exclude: false }]);
    expect(includeValue(once, "service", "ECS")).toEqual(once);
    expect(includeValue(once, "tag:env", null)).toEqual([...once, { dimension: "tag:env", values: [null], exclude: false }]);
    expect(start[0]?.values).toEqual(["ECS"]);
  });
});
