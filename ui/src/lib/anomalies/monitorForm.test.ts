import { describe, expect, it } from "vitest";
import { blankFields, fieldsOf, isProblem, toMonitorInput } from "./monitorForm";

describe("monitor form", () => {
  it("turns the text fields into a monitor and back", () => {
    const fields = {
      ...blankFields(),
      name: " Prod compute ",
      groupBy: "service, region",
      filters: "provider=AWS, provider=Alibaba Cloud, tag:env!=dev, sub_account=",
      channels: "ops, finance",
      alertMinImpact: "500",
    };
    const input = toMonitorInput(fields);
    if (isProblem(input)) throw new Error(`unexpected ${input.kind}`);
    expect(input.name).toBe("Prod compute");
    expect(input.scope).toEqual({
      group_by: ["service", "region"],
      filters: [
        { dimension: "provider", values: ["AWS", "Alibaba Cloud"], exclude: false },
        { dimension: "tag:env", values: ["dev"], exclude: true },
        { dimension: "sub_account", values: [null], exclude: false },
      ],
    });
    expect(input.alerts).toEqual({ channels: ["ops", "finance"], min_severity: "high", min_impact: "500" });
    expect(toMonitorInput(fieldsOf(input))).toEqual(input);
  });

  it("names what is wrong", () => {
    expect(toMonitorInput({ ...blankFields(), name: "" })).toEqual({ kind: "name" });
    expect(toMonitorInput({ ...blankFields(), name: "x", filters: "service" })).toEqual({ kind: "filter", filter: "service" });
    expect(toMonitorInput({ ...blankFields(), name: "x", minImpact: "1,5" })).toEqual({ kind: "number", field: "minImpact" });
    expect(toMonitorInput({ ...blankFields(), name: "x", minPercent: "ten" })).toEqual({ kind: "number", field: "minPercent" });
  });
});
