import { describe, expect, it } from "vitest";
import { addDays, detectPreset, isDay, periodRange, presetRange } from "./presets";

describe("time presets", () => {
  it("anchors every preset on the latest data day, `to` exclusive", () => {
    const anchor = "2024-03-01"; // a leap year, first of a month, quarter start
    expect(presetRange("mtd", anchor)).toEqual({ from: "2024-03-01", to: "2024-03-02" });
    expect(presetRange("last_month", anchor)).toEqual({ from: "2024-02-01", to: "2024-03-01" });
    expect(presetRange("last_30", anchor)).toEqual({ from: "2024-02-01", to: "2024-03-02" });
    expect(presetRange("last_90", anchor)).toEqual({ from: "2023-12-03", to: "2024-03-02" });
    expect(presetRange("quarter", anchor)).toEqual({ from: "2024-01-01", to: "2024-03-02" });
    expect(presetRange("ytd", anchor)).toEqual({ from: "2024-01-01", to: "2024-03-02" });
    expect(presetRange("last_month", "2025-01-15")).toEqual({ from: "2024-12-01", to: "2025-01-01" });
    expect(presetRange("quarter", "2025-12-31")).toEqual({ from: "2025-10-01", to: "2026-01-01" });
  });

  it("recognises a restored range as its preset, or custom", () => {
    expect(detectPreset({ from: "2024-02-01", to: "2024-03-01" }, "2024-03-01")).toBe("last_month");
    expect(detectPreset({ from: "2024-02-02", to: "2024-03-01" }, "2024-03-01")).toBe("custom");
  });

  it("does day arithmetic across months and validates days", () => {
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(isDay("2025-02-29")).toBe(false);
    expect(isDay("2024-02-29")).toBe(true);
    expect(isDay("2024-2-9")).toBe(false);
  });

  it("gives the range a chart period covers", () => {
    expect(periodRange("2025-11-24", "week")).toEqual({ from: "2025-11-24", to: "2025-12-01" });
    expect(periodRange("2025-12-01", "month")).toEqual({ from: "2025-12-01", to: "2026-01-01" });
    expect(periodRange("2025-12-31", "day")).toEqual({ from: "2025-12-31", to: "2026-01-01" });
  });
});
