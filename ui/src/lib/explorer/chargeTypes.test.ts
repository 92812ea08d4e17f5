import { describe, expect, it } from "vitest";
import type { DimensionFilter } from "../backend";
import { hiddenChargeTypes, toggleChargeType, withHiddenChargeTypes } from "./chargeTypes";

const service: DimensionFilter = { dimension: "service", values: ["EC2"], exclude: false };

describe("charge-type toggles", () => {
  it("hide and show types through one exclude filter, keeping the other filters", () => {
    let filters: DimensionFilter[] = [service];
    expect(hiddenChargeTypes(filters)).toEqual([]);
    filters = toggleChargeType(filters, "tax");
    filters = toggleChargeType(filters, "credit");
    expect(filters).toEqual([service, { dimension: "charge_type", values: ["tax", "credit"], exclude: true }]);
    expect(hiddenChargeTypes(filters)).toEqual(["tax", "credit"]);
    filters = toggleChargeType(filters, "tax");
    filters = toggleChargeType(filters, "credit");
    expect(filters).toEqual([service]);
  });

  it("read an include filter (from the CLI or a link) as hiding the rest", () => {
    const include: DimensionFilter = { dimension: "charge_type", values: ["usage", "tax"], exclude: false };
    expect(hiddenChargeTypes([include])).toEqual(["purchase", "credit", "adjustment"]);
    expect(withHiddenChargeTypes([include], ["credit"])).toEqual([
      { dimension: "charge_type", values: ["credit"], exclude: true },
    ]);
  });
});
