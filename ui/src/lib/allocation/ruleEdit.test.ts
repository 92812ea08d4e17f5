import { describe, expect, it } from "vitest";
import type { RuleSet, SharedCostRule } from "../backend";
import { addTarget, checkPercents, evenPercents, moveItem, removeTarget, ruleSetProblems, withMethod, withOp } from "./ruleEdit";

const shared = (over: Partial<SharedCostRule> = {}): SharedCostRule => ({
  name: "support",
  scope: [{ dimension: "service", op: "in", values: ["Support"] }],
  target_dimension: "vtag:team",
  targets: ["a", "b", "c"],
  method: { kind: "fixed", percents: ["50", "30", "20"] },
  ...over,
});

describe("moveItem", () => {
  it("moves up and down and ignores moves past either end", () => {
    expect(moveItem(["a", "b", "c"], 2, -1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });
});

describe("checkPercents", () => {
  it("sums exactly: thirds written to the cent make 100", () => {
    expect(checkPercents(["33.33", "33.33", "33.34"], 3)).toEqual({ ok: true, sum: "100" });
    expect(checkPercents(["0.1", "0.2", "99.7"], 3)).toEqual({ ok: true, sum: "100" });
  });

  it("names the sum when it is not 100", () => {
    expect(checkPercents(["50", "30", "10.5"], 3)).toEqual({ ok: false, reason: "sum", sum: "90.5" });
    expect(checkPercents(["50", "30", "30"], 3)).toEqual({ ok: false, reason: "sum", sum: "110" });
  });

  it("refuses text that is not a plain decimal, naming which one", () => {
    expect(checkPercents(["50", "3e1", "20"], 3)).toEqual({ ok: false, reason: "invalid", index: 1 });
    expect(checkPercents(["50", "", "50"], 3)).toEqual({ ok: false, reason: "invalid", index: 1 });
    expect(checkPercents(["-10", "110"], 2)).toEqual({ ok: false, reason: "invalid", index: 0 });
  });

  it("needs one percentage per target", () => {
    expect(checkPercents(["100"], 2)).toEqual({ ok: false, reason: "count" });
    expect(checkPercents([], 0)).toEqual({ ok: false, reason: "count" });
  });
});

describe("shared-cost targets and methods", () => {
  it("keeps fixed percentages aligned when a middle target is removed", () => {
    const next = removeTarget(shared(), 1);
    expect(next.targets).toEqual(["a", "c"]);
    expect(next.method).toEqual({ kind: "fixed", percents: ["50", "20"] });
    expect(addTarget(next, "d").method).toEqual({ kind: "fixed", percents: ["50", "20", ""] });
    expect(addTarget(next, "a")).toBe(next);
  });

  it("starts fixed percentages from an even split that sums to 100", () => {
    expect(evenPercents(3)).toEqual(["33.33", "33.33", "33.34"]);
    expect(evenPercents(4)).toEqual(["25.00", "25.00", "25.00", "25.00"]);
    const fixed = withMethod(shared({ method: { kind: "even" } }), "fixed");
    expect(fixed.method.kind === "fixed" && checkPercents(fixed.method.percents, 3).ok).toBe(true);
  });
});

describe("withOp", () => {
  it("keeps only the values the new operator uses", () => {
    const c = { dimension: "service", op: "in" as const, values: ["EC2", "S3"] };
    expect(withOp(c, "contains").values).toEqual(["EC2"]);
    expect(withOp(c, "missing").values).toEqual([]);
    expect(withOp(c, "not_in").values).toEqual(["EC2", "S3"]);
  });
});

describe("ruleSetProblems", () => {
  it("finds missing names, values, duplicates and bad percentages", () => {
    const rules: RuleSet = {
      virtual_tags: [
        { name: "team", rules: [{ conditions: [{ dimension: "service", op: "in", values: [] }], value: "", value_from: null }] },
        { name: "team", rules: [{ conditions: [{ dimension: "tag:env", op: "missing", values: [] }], value: "none", value_from: null }] },
      ],
      shared_costs: [shared({ method: { kind: "fixed", percents: ["50", "30", "10"] } })],
    };
    expect(ruleSetProblems(rules).map((p) => p.kind)).toEqual(["conditionValues", "ruleValue", "tagDuplicate", "sharedPercents"]);
  });

  it("accepts a complete rule set", () => {
    const rules: RuleSet = {
      virtual_tags: [{ name: "team", rules: [{ conditions: [{ dimension: "service", op: "contains", values: ["ec2"] }], value: "compute", value_from: null }] }],
      shared_costs: [shared()],
    };
    expect(ruleSetProblems(rules)).toEqual([]);
  });
});
