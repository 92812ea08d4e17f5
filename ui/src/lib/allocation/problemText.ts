// One sentence per rule-set problem, naming where it is.

import { t } from "../i18n";
import type { PercentCheck } from "./ruleEdit";
import type { RuleProblem } from "./ruleEdit";
import type { RuleSet } from "../backend";

export function percentText(check: Exclude<PercentCheck, { ok: true }>): string {
  switch (check.reason) {
    case "count":
      return t("allocation.percent.count");
    case "invalid":
      return t("allocation.percent.invalid", { n: check.index + 1 });
    case "sum":
      return t("allocation.percent.sum", { sum: check.sum });
  }
}

export function problemText(problem: RuleProblem, rules: RuleSet): string {
  const tagName = (i: number) => rules.virtual_tags[i]?.name.trim() || t("allocation.vtag.unnamed");
  const sharedName = (i: number) => rules.shared_costs[i]?.name.trim() || t("allocation.shared.unnamed");
  switch (problem.kind) {
    case "tagName":
      return t("allocation.problem.tagName", { n: problem.tag + 1 });
    case "tagDuplicate":
      return t("allocation.problem.tagDuplicate", { name: problem.name });
    case "ruleConditions":
      return t("allocation.problem.ruleConditions", { tag: tagName(problem.tag), n: problem.rule + 1 });
    case "conditionValues":
      return t("allocation.problem.conditionValues", { tag: tagName(problem.tag), n: problem.rule + 1 });
    case "ruleValue":
      return t("allocation.problem.ruleValue", { tag: tagName(problem.tag), n: problem.rule + 1 });
    case "sharedName":
      return t("allocation.problem.sharedName", { n: problem.shared + 1 });
    case "sharedScope":
      return t("allocation.problem.sharedScope", { name: sharedName(problem.shared) });
    case "sharedTargets":
      return t("allocation.problem.sharedTargets", { name: sharedName(problem.shared) });
    case "sharedPercents":
      return `${sharedName(problem.shared)}: ${percentText(problem.check)}`;
  }
}
