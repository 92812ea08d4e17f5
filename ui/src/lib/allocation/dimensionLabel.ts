// Readable names for dimension ids (`service`, `tag:env`, `vtag:team`).

import { t } from "../i18n";
import type { PlainKey } from "../i18n";

const FIXED: Record<string, PlainKey> = {
  provider: "allocation.dim.provider",
  billing_account: "allocation.dim.billing_account",
  sub_account: "allocation.dim.sub_account",
  service: "allocation.dim.service",
  service_category: "allocation.dim.service_category",
  region: "allocation.dim.region",
  resource: "allocation.dim.resource",
  charge_category: "allocation.dim.charge_category",
  pricing_category: "allocation.dim.pricing_category",
  commitment_discount: "allocation.dim.commitment_discount",
};

export function dimensionLabel(dimension: string): string {
  if (dimension.startsWith("tag:")) return t("allocation.dim.tag", { key: dimension.slice(4) });
  if (dimension.startsWith("vtag:")) return t("allocation.dim.vtag", { name: dimension.slice(5) });
  const key = FIXED[dimension];
  return key ? t(key) : dimension;
}
