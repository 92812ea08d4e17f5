// Dimension names (shared with saved views and the CLI) and their readable
// labels. `tag:KEY` and `vtag:NAME` carry user text, shown as is after a
// translated prefix.
import { t, type PlainKey } from "../i18n";
import { providerLabel } from "../format/provider";
import { CHARGE_TYPE, chargeTypeLabel } from "./chargeTypes";

export const FIXED_DIMENSIONS = [
  "provider",
  "billing_account",
  "sub_account",
  "service",
  "service_category",
  "region",
  "resource",
  "charge_category",
  "pricing_category",
  "commitment_discount",
] as const;

export type FixedDimension = (typeof FIXED_DIMENSIONS)[number];

const FIXED_LABELS: Record<FixedDimension, PlainKey> = {
  provider: "explorer.dim.provider",
  billing_account: "explorer.dim.billing_account",
  sub_account: "explorer.dim.sub_account",
  service: "explorer.dim.service",
  service_category: "explorer.dim.service_category",
  region: "explorer.dim.region",
  resource: "explorer.dim.resource",
  charge_category: "explorer.dim.charge_category",
  pricing_category: "explorer.dim.pricing_category",
  commitment_discount: "explorer.dim.commitment_discount",
};

function isFixed(name: string): name is FixedDimension {
  return (FIXED_DIMENSIONS as readonly string[]).includes(name);
}

export function isTagDimension(name: string): boolean {
  return name.startsWith("tag:") || name.startsWith("vtag:");
}

export function dimensionLabel(name: string): string {
  if (isFixed(name)) return t(FIXED_LABELS[name]);
  if (name === CHARGE_TYPE) return t("charges.dim");
  if (name.startsWith("tag:")) return t("explorer.dim.tag", { key: name.slice(4) });
  if (name.startsWith("vtag:")) return t("explorer.dim.vtag", { name: name.slice(5) });
  return name;
}

/** A group or filter value; `null` is "untagged" for tags and "none" otherwise. */
export function valueLabel(value: string | null, dimension: string): string {
  if (value !== null) {
    if (dimension === CHARGE_TYPE) return chargeTypeLabel(value);
    return dimension === "provider" ? providerLabel(value) : value;
  }
  return isTagDimension(dimension) ? t("explorer.untagged") : t("explorer.none");
}
