import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Chart from "./Chart.svelte";
import { cny } from "../../test/fixtures/overview";
import { locale } from "../state/locale.svelte";

const chart = cny.daily_chart; // 960 x 320, plot 56..948, 90 daily bands

/** Lays the chart out at half size at (100, 50): user x = (clientX - 100) * 2. */
function layOut(container: HTMLElement) {
  const svg = container.querySelector("svg")!;
  const rect = { left: 100, top: 50, width: 480, height: 160, right: 580, bottom: 210, x: 100, y: 50, toJSON: () => ({}) };
  vi.spyOn(svg, "getBoundingClientRect").mockReturnValue(rect as DOMRect);
  const frame = container.querySelector<HTMLElement>("[role=slider]")!;
  vi.spyOn(frame, "getBoundingClientRect").mockReturnValue(rect as DOMRect);
  return frame;
}

/** Client x at the centre of band i. */
const bandX = (i: number) => 100 + (chart.plot.left + ((i + 0.5) * (chart.plot.right - chart.plot.left)) / chart.x.length) / 2;

beforeEach(() => locale.set("en"));

describe("Chart", () => {
  it("shows the band's date, every series and the total on hover", async () => {
    const { container } = render(Chart, { chart, label: "Daily cost", testid: "daily-chart" });
    const frame = layOut(container);
    expect(screen.queryByTestId("chart-tooltip")).toBeNull();

    await fireEvent.pointerMove(frame, { clientX: bandX(89), clientY: 100 });

    const tooltip = screen.getByTestId("chart-tooltip");
    expect(tooltip).toHaveAttribute("data-index", "89");
    expect(tooltip).toHaveTextContent("Tue, Nov 25, 2025");
    for (const series of chart.series) {
      expect(tooltip).toHaveTextContent(series.label);
      expect(tooltip.querySelector(`[data-amount="${series.values[89]}"]`)).not.toBeNull();
    }
    expect(tooltip).toHaveTextContent("Total");
    expect(container.querySelector(".overlay rect")).not.toBeNull();
  });

  it("leaves out a series without a value on the hovered day (a forecast's history)", async () => {
    const series = [
      { label: "Actual", color: "#111", values: ["98.5", ""] },
      { label: "Forecast", color: "#222", values: ["", "101.25"] },
    ];
    const { container } = render(Chart, { chart: { ...chart, kind: "line", x: chart.x.slice(0, 2), series }, label: "Forecast" });
    const frame = layOut(container);
    const second = 100 + (chart.plot.left + (1.5 * (chart.plot.right - chart.plot.left)) / 2) / 2;
    await fireEvent.pointerMove(frame, { clientX: second, clientY: 100 });
    const tooltip = screen.getByTestId("chart-tooltip");
    expect(tooltip).toHaveTextContent("Forecast");
    expect(tooltip).not.toHaveTextContent("Actual");
    expect(tooltip.querySelector('[data-amount="101.25"]')).not.toBeNull();
  });

  it("adds the band total exactly", async () => {
    const series = [
      { label: "A", color: "#111", values: ["0.1", "9007199254740993.005"] },
      { label: "B", color: "#222", values: ["0.2", "1.000"] },
    ];
    const small = { ...chart, x: ["2025-11-24", "2025-11-25"], series };
    const { container } = render(Chart, { chart: small, label: "c" });
    const frame = layOut(container);
    await fireEvent.pointerMove(frame, { clientX: 100 + 940 / 2 - 5, clientY: 100 });
    const total = screen.getByText("Total").closest("tr")!.querySelector("[data-amount]")!;
    expect(total).toHaveAttribute("data-amount", "9007199254740994.005");
    expect(total).toHaveTextContent("CN¥9,007,199,254,740,994.01");
  });

  it("totals a day's bars only, and a forecast day has no total", async () => {
    const series = [
      { label: "ECS", color: "#111", values: ["10.5", ""] },
      { label: "OSS", color: "#222", values: ["2", ""] },
      { label: "Forecast", color: "#333", values: ["", "13"] },
      { label: "80% range ↓", color: "#444", values: ["", "11"] },
    ];
    const banded = { ...chart, x: ["2025-11-24", "2025-11-25"], series, stacked: 2 };
    const { container } = render(Chart, { chart: banded, label: "c" });
    const frame = layOut(container);
    await fireEvent.pointerMove(frame, { clientX: 100 + 100, clientY: 100 });
    const total = screen.getByText("Total").closest("tr")!.querySelector("[data-amount]")!;
    expect(total).toHaveAttribute("data-amount", "12.5");
    await fireEvent.pointerMove(frame, { clientX: 100 + 940 / 2 - 5, clientY: 100 });
    const tooltip = screen.getByTestId("chart-tooltip");
    expect(tooltip).toHaveAttribute("data-index", "1");
    expect(tooltip).toHaveTextContent("Forecast");
    expect(tooltip).not.toHaveTextContent("Total");
  });

  it("hides the tooltip outside the plot and on leave", async () => {
    const { container } = render(Chart, { chart, label: "Daily cost" });
    const frame = layOut(container);
    await fireEvent.pointerMove(frame, { clientX: bandX(10), clientY: 100 });
    expect(screen.getByTestId("chart-tooltip")).toBeInTheDocument();
    await fireEvent.pointerMove(frame, { clientX: 101, clientY: 100 }); // over the y axis labels
    expect(screen.queryByTestId("chart-tooltip")).toBeNull();
    await fireEvent.pointerMove(frame, { clientX: bandX(10), clientY: 100 });
    await fireEvent.pointerLeave(frame);
    expect(screen.queryByTestId("chart-tooltip")).toBeNull();
  });

  it("reports the clicked band through onselect", async () => {
    const onselect = vi.fn();
    const { container } = render(Chart, { chart, label: "Daily cost", onselect });
    const frame = layOut(container);
    await fireEvent.pointerMove(frame, { clientX: bandX(42), clientY: 100 });
    await fireEvent.click(frame);
    expect(onselect).toHaveBeenCalledWith(42);
  });

  it("reads bands with the keyboard", async () => {
    const onselect = vi.fn();
    const { container } = render(Chart, { chart: cny.provider_chart, label: "Providers", onselect });
    const frame = layOut(container);
    await fireEvent.keyDown(frame, { key: "ArrowRight" });
    const tooltip = screen.getByTestId("chart-tooltip");
    expect(tooltip).toHaveTextContent("Alibaba Cloud");
    expect(tooltip).not.toHaveTextContent("Total"); // grouped bars are not summed
    await fireEvent.keyDown(frame, { key: "ArrowRight" });
    await fireEvent.keyDown(frame, { key: "Enter" });
    expect(onselect).toHaveBeenCalledWith(1);
  });
});
