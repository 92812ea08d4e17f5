// A condition as one readable line, for read-only views of past versions.

import type { Condition, SplitMethod } from "../backend";
import { t } from "../i18n";
import { dimensionLabel } from "./dimensionLabel";

export function conditionText(c: Condition): string {
  const dim = dimensionLabel(c.dimension);
  const values = c.values.join(", ");
  switch (c.op) {
    case "in":
      return t("allocation.text.in", { dim, values });
    case "not_in":
      return t("allocation.text.not_in", { dim, values });
    case "contains":
      return t("allocation.text.contains", { dim, value: c.values[0] ?? "" });
    case "starts_with":
      return t("allocation.text.starts_with", { dim, value: c.values[0] ?? "" });
    case "missing":
      return t("allocation.text.missing", { dim });
  }
}

export function methodText(method: SplitMethod, targets: readonly string[]): string {
  switch (method.kind) {
    case "even":
      return t("allocation.shared.even");
    case "proportional":
      return t("allocation.shared.proportional");
    case "fixed":
      return targets.map((target, i) => `${target} ${method.percents[i] ?? "?"}%`).join(", ");
  }
}
