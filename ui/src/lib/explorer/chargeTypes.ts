// The charge-type toggles are one exclude filter on the engine's
// `charge_type` dimension, so saved views, links, the CLI
// (`--charge-types`) and every total agree on what is hidden.
import type { DimensionFilter } from "../backend";
import { t, type PlainKey } from "../i18n";

export const CHARGE_TYPE = "charge_type";
export const CHARGE_TYPES = ["usage", "purchase", "tax", "credit", "adjustment"] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];

const LABELS: Record<ChargeType, PlainKey> = {
  usage: "charges.type.usage",
  purchase: "charges.type.purchase",
  tax: "charges.type.tax",
  credit: "charges.type.credit",
  adjustment: "charges.type.adjustment",
};

export function isChargeType(v: string | null): v is ChargeType {
  return (CHARGE_TYPES as readonly (string | null)[]).includes(v);
}

export function chargeTypeLabel(type: string): string {
  return isChargeType(type) ? t(LABELS[type]) : type;
}

/** The charge types the filters leave out, in toggle order (an include filter hides the rest). */
export function hiddenChargeTypes(filters: readonly DimensionFilter[]): ChargeType[] {
  const hidden = new Set<ChargeType>();
  for (const f of filters) {
    if (f.dimension !== CHARGE_TYPE) continue;
    for (const type of CHARGE_TYPES) {
      if (f.values.includes(type) === f.exclude) hidden.add(type);
    }
  }
  return CHARGE_TYPES.filter((c) => hidden.has(c));
}

/** The filters with the charge-type filter replaced by one hiding `hidden` (none when nothing is hidden). */
export function withHiddenChargeTypes(filters: readonly DimensionFilter[], hidden: readonly ChargeType[]): DimensionFilter[] {
  const rest = filters.filter((f) => f.dimension !== CHARGE_TYPE);
  if (hidden.length === 0) return rest;
  const values = CHARGE_TYPES.filter((c) => hidden.includes(c));
  return [...rest, { dimension: CHARGE_TYPE, values, exclude: true }];
}

/** Shows or hides one charge type. */
export function toggleChargeType(filters: readonly DimensionFilter[], type: ChargeType): DimensionFilter[] {
  const hidden = hiddenChargeTypes(filters);
  const next = hidden.includes(type) ? hidden.filter((h) => h !== type) : [...hidden, type];
  return withHiddenChargeTypes(filters, next);
}
