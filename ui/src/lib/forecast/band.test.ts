import { describe, expect, it } from "vitest";
import { bandLegend } from "./band";

describe("bandLegend", () => {
  it("shows each range once, whatever its edges", () => {
    const legend = bandLegend([
      { label: "ECS", color: "#0072B2", values: [] },
      { label: "Forecast", color: "#AA4499", values: [] },
      { label: "80% range ↓", color: "#D8A9CE", values: [] },
      { label: "80% range ↑", color: "#D8A9CE", values: [] },
      { label: "95% range ↓", color: "#EED9EA", values: [] },
      { label: "95% range ↑", color: "#EED9EA", values: [] },
    ]);
    expect(legend.map((e) => e.label)).toEqual(["ECS", "Forecast", "80% range", "95% range"]);
  });
});
