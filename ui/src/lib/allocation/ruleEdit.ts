// Pure edits and checks on a rule set, so the components stay thin and the
// rules (ordering, percent sums) are tested on their own. Percentages are
// summed as exact decimals, never as floats: 33.33 + 33.33 + 33.34 is 100.

import type { Condition, MatchOp, RuleSet, SharedCostRule, SplitMethod, VirtualTag, VirtualTagRule } from "../backend";
import { decimalToString, parseDecimal, sumDecimals } from "../format/decimal";

export const MATCH_OPS: readonly MatchOp[] = ["in", "not_in", "contains", "starts_with", "missing"];

/** Ops that compare against one typed text rather than a list of values. */
export function takesText(op: MatchOp): boolean {
  return op === "contains" || op === "starts_with";
}

/** Returns a copy of `list` with the item at `index` moved by `delta` (clamped). */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const target = index + delta;
  if (index < 0 || index >= list.length || target < 0 || target >= list.length) return [...list];
  const copy = [...list];
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

export function removeAt<T>(list: readonly T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

export function newCondition(dimension = "service"): Condition {
  return { dimension, op: "in", values: [] };
}

export function newRule(): VirtualTagRule {
  return { conditions: [newCondition()], value: "", value_from: null };
}

export function newVirtualTag(existing: readonly VirtualTag[]): VirtualTag {
  return { name: uniqueName("team", existing.map((t) => t.name)), rules: [newRule()] };
}

export function newSharedCost(existing: readonly SharedCostRule[], targetDimension: string): SharedCostRule {
  return {
    name: uniqueName("shared", existing.map((r) => r.name)),
    scope: [newCondition()],
    target_dimension: targetDimension,
    targets: [],
    method: { kind: "even" },
  };
}

function uniqueName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let n = 2; ; n++) if (!taken.includes(`${base}-${n}`)) return `${base}-${n}`;
}

/** A new op keeps the values it can use: text ops keep the first one, missing keeps none. */
export function withOp(condition: Condition, op: MatchOp): Condition {
  if (op === "missing") return { ...condition, op, values: [] };
  if (takesText(op)) return { ...condition, op, values: condition.values.slice(0, 1) };
  return { ...condition, op };
}

/** Adds a target; fixed percentages get an empty entry so they stay aligned with targets. */
export function addTarget(rule: SharedCostRule, target: string): SharedCostRule {
  if (rule.targets.includes(target)) return rule;
  const method: SplitMethod = rule.method.kind === "fixed" ? { kind: "fixed", percents: [...rule.method.percents, ""] } : rule.method;
  return { ...rule, targets: [...rule.targets, target], method };
}

export function removeTarget(rule: SharedCostRule, index: number): SharedCostRule {
  const method: SplitMethod = rule.method.kind === "fixed" ? { kind: "fixed", percents: removeAt(rule.method.percents, index) } : rule.method;
  return { ...rule, targets: removeAt(rule.targets, index), method };
}

/** Switching to fixed starts from an even split the user then adjusts. */
export function withMethod(rule: SharedCostRule, kind: SplitMethod["kind"]): SharedCostRule {
  if (kind === "fixed") {
    const percents = rule.method.kind === "fixed" ? rule.method.percents : evenPercents(rule.targets.length);
    return { ...rule, method: { kind, percents } };
  }
  return { ...rule, method: { kind } };
}

/** n shares of 100 with two decimals, the remainder on the last: 33.33, 33.33, 33.34. */
export function evenPercents(n: number): string[] {
  if (n <= 0) return [];
  const hundredths = 10000n;
  const each = hundredths / BigInt(n);
  const last = hundredths - each * BigInt(n - 1);
  const text = (units: bigint) => decimalToString({ negative: false, units, scale: 2 });
  return Array.from({ length: n }, (_, i) => text(i === n - 1 ? last : each));
}

export type PercentCheck =
  | { ok: true; sum: string }
  | { ok: false; reason: "count" }
  | { ok: false; reason: "invalid"; index: number }
  | { ok: false; reason: "sum"; sum: string };

const PERCENT = /^\d+(\.\d+)?$/;

/** Fixed percentages: one per target, each a non-negative decimal, together exactly 100. */
export function checkPercents(percents: readonly string[], targets: number): PercentCheck {
  if (percents.length !== targets || targets === 0) return { ok: false, reason: "count" };
  const trimmed = percents.map((p) => p.trim());
  const bad = trimmed.findIndex((p) => !PERCENT.test(p));
  if (bad >= 0) return { ok: false, reason: "invalid", index: bad };
  const sum = normalise(decimalToString(sumDecimals(trimmed)));
  return sum === "100" ? { ok: true, sum } : { ok: false, reason: "sum", sum };
}

/** "100.00" -> "100", "90.50" -> "90.5": how people write a percentage sum. */
function normalise(text: string): string {
  const d = parseDecimal(text);
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return decimalToString({ negative: d.negative, units, scale });
}

export type RuleProblem =
  | { kind: "tagName"; tag: number }
  | { kind: "tagDuplicate"; tag: number; name: string }
  | { kind: "ruleValue"; tag: number; rule: number }
  | { kind: "ruleConditions"; tag: number; rule: number }
  | { kind: "conditionValues"; tag: number; rule: number }
  | { kind: "sharedName"; shared: number }
  | { kind: "sharedScope"; shared: number }
  | { kind: "sharedTargets"; shared: number }
  | { kind: "sharedPercents"; shared: number; check: Exclude<PercentCheck, { ok: true }> };

function conditionIncomplete(c: Condition): boolean {
  return c.dimension.trim() === "" || (c.op !== "missing" && c.values.every((v) => v.trim() === ""));
}

/** Everything that keeps a rule set from being previewed or saved, in screen order. */
export function ruleSetProblems(rules: RuleSet): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  rules.virtual_tags.forEach((tag, t) => {
    const name = tag.name.trim();
    if (!name) problems.push({ kind: "tagName", tag: t });
    else if (seen.has(name)) problems.push({ kind: "tagDuplicate", tag: t, name });
    seen.add(name);
    tag.rules.forEach((rule, r) => {
      // A rule that reads its value from a dimension may hold for every line:
      // lines without that dimension fall through to the next rule anyway.
      if (rule.conditions.length === 0 && !rule.value_from) problems.push({ kind: "ruleConditions", tag: t, rule: r });
      else if (rule.conditions.some(conditionIncomplete)) problems.push({ kind: "conditionValues", tag: t, rule: r });
      if (rule.value_from ? !rule.value_from.trim() : !rule.value.trim()) problems.push({ kind: "ruleValue", tag: t, rule: r });
    });
  });
  rules.shared_costs.forEach((shared, s) => {
    if (!shared.name.trim()) problems.push({ kind: "sharedName", shared: s });
    if (shared.scope.length === 0 || shared.scope.some(conditionIncomplete)) problems.push({ kind: "sharedScope", shared: s });
    if (shared.targets.length === 0 || !shared.target_dimension) problems.push({ kind: "sharedTargets", shared: s });
    else if (shared.method.kind === "fixed") {
      const check = checkPercents(shared.method.percents, shared.targets.length);
      if (!check.ok) problems.push({ kind: "sharedPercents", shared: s, check });
    }
  });
  return problems;
}
