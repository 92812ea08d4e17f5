import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend, resetMockExplorerBackend } from "../test/mockBackend";
import { overviewFixture, readyStatus } from "../test/fixtures/overview";
import { chartOf, groupedResult, seriesForecast, totalsResult } from "../test/fixtures/forecast";
import { query as exploreQuery } from "../test/fixtures/explorer";
import type { ForecastQuery, ForecastSeriesKey, SeriesForecast } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const api = mockBackend.forecast;
const { default: ForecastPage } = await import("./ForecastPage.svelte");
const { forecast, defaultForecastQuery, queryOfExplorer } = await import("$lib/state/forecast.svelte");
const { explorer } = await import("$lib/state/explorer.svelte");
const { overview } = await import("$lib/state/overview.svelte");
const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { metric } = await import("$lib/state/metric.svelte");

function q(overrides: Partial<ForecastQuery> = {}): ForecastQuery {
  return { ...defaultForecastQuery("billed"), ...overrides };
}

function lastChartKey(): ForecastSeriesKey {
  const call = api.forecastChart.mock.lastCall;
  if (!call) throw new Error("forecastChart was not called");
  return call[1] as ForecastSeriesKey;
}

async function renderPage() {
  render(ForecastPage);
  await screen.findByTestId("forecast-chart");
}

beforeEach(() => {
  resetMockBackend();
  resetMockExplorerBackend();
  forecast.reset();
  explorer.reset();
  status.reset();
  status.set(readyStatus());
  overview.reset();
  overview.data = overviewFixture;
  locale.set("en");
  metric.set("billed");
  api.forecast.mockImplementation(async (query: ForecastQuery) => (query.group_by.length > 0 ? groupedResult() : totalsResult()));
  api.forecastChart.mockImplementation(async (_query: ForecastQuery, key: ForecastSeriesKey) => {
    const all: SeriesForecast[] = [...totalsResult().series, ...groupedResult().series];
    const s = all.find((x) => x.currency === key.currency && JSON.stringify(x.groups) === JSON.stringify(key.groups));
    return chartOf(s ?? seriesForecast());
  });
});

describe("Forecast page", () => {
  it("forecasts the whole scope on the top bar's metric: month- and quarter-end cards per currency with ranges", async () => {
    await renderPage();
    expect(api.forecast).toHaveBeenCalledWith(q(), "en");
    const months = screen.getAllByTestId("projection-month");
    expect(months.map((m) => m.dataset.currency)).toEqual(["CNY", "USD"]);
    const cny = months[0]!;
    expect(within(cny).getByTestId("projection-mean")).toHaveAttribute("data-amount", "3000.12");
    expect(within(cny).getByTestId("projection-range80")).toHaveTextContent("2,900.00");
    expect(within(cny).getByTestId("projection-range80")).toHaveTextContent("3,100.00");
    expect(within(cny).getByTestId("projection-range95")).toHaveTextContent("3,300.00");
    expect(within(cny).getByTestId("projection-actual")).toHaveAttribute("data-amount", "2500.10");
    expect(screen.getAllByTestId("projection-quarter")[0]).toHaveAttribute("data-period", "2025-Q4");
  });

  it("charts the largest series and shows how the method did on its own history", async () => {
    await renderPage();
    expect(lastChartKey()).toEqual({ groups: [], currency: "CNY", history_days: null });
    expect(screen.getByTestId("accuracy-summary")).toHaveTextContent("within 6% on average");
    expect(screen.getByTestId("accuracy-coverage80")).toHaveTextContent("81.3%");
    expect(screen.getByTestId("accuracy-coverage95")).toHaveTextContent("94.6%");
    expect(screen.getByTestId("accuracy-wape")).toHaveTextContent("5.8%");
    expect(screen.getByTestId("accuracy-model")).toHaveTextContent("Combination of models");
    expect(screen.getByTestId("forecast-chart-card")).toHaveTextContent("80% range");
  });

  it("groups by a dimension: a row per group, the too-short group says why, a row's button charts it", async () => {
    await renderPage();
    await fireEvent.change(screen.getByTestId("forecast-group-by-0"), { target: { value: "service" } });
    await waitFor(() => expect(screen.getAllByTestId("forecast-row")).toHaveLength(3));
    expect(api.forecast).toHaveBeenCalledWith(q({ group_by: ["service"] }), "en");
    // The cards stay per currency: the same scope forecast without grouping.
    expect(api.forecast).toHaveBeenLastCalledWith(q(), "en");
    const rows = screen.getAllByTestId("forecast-row");
    expect(rows[2]).toHaveTextContent("Only 9 days of history");
    await fireEvent.click(within(rows[1]!).getByRole("button"));
    await waitFor(() => expect(lastChartKey()).toEqual({ groups: ["Object Storage Service"], currency: "CNY", history_days: null }));
    await waitFor(() => expect(screen.getByTestId("accuracy-model")).toHaveTextContent("Calendar regression"));
  });

  it("re-runs with the chosen horizon and metric", async () => {
    await renderPage();
    await fireEvent.change(screen.getByTestId("forecast-horizon"), { target: { value: "90" } });
    await waitFor(() => expect(api.forecast).toHaveBeenLastCalledWith(q({ horizon: 90 }), "en"));
    await fireEvent.change(screen.getByTestId("forecast-metric"), { target: { value: "effective" } });
    await waitFor(() => expect(api.forecast).toHaveBeenLastCalledWith(q({ horizon: 90, metric: "effective" }), "en"));
  });

  it("speaks Chinese: the core is asked in zh-CN and the page's words change", async () => {
    await renderPage();
    locale.set("zh-CN");
    await waitFor(() => expect(api.forecast).toHaveBeenLastCalledWith(q(), "zh-CN"));
    expect(await screen.findByText("成本预测")).toBeInTheDocument();
    expect(screen.getAllByTestId("projection-month")[0]).toHaveTextContent("2025-11 月末");
    expect(screen.getByTestId("forecast-accuracy")).toHaveTextContent("落在 80% 区间内的天数");
  });

  it("shows the core's message when the forecast fails, and retries", async () => {
    api.forecast.mockRejectedValue({ code: "invalid_input", message: "display_currency: no exchange rate for USD→CNY" });
    render(ForecastPage);
    const panel = await screen.findByTestId("forecast-error");
    expect(panel).toHaveTextContent("no exchange rate for USD→CNY");
    api.forecast.mockImplementation(async () => totalsResult());
    await fireEvent.click(within(panel).getByRole("button"));
    await screen.findByTestId("forecast-chart");
  });
});

describe("Forecast of an explorer view", () => {
  it("takes the view's grouping, filters, metric and currency, not its range", () => {
    const from = exploreQuery({
      group_by: ["service", "tag:env"],
      filters: [{ dimension: "provider", values: ["aws"], exclude: false }],
      metric: "list",
      display_currency: "CNY",
    });
    expect(queryOfExplorer(from)).toEqual(
      q({
        group_by: ["service", "tag:env"],
        filters: [{ dimension: "provider", values: ["aws"], exclude: false }],
        metric: "effective",
        display_currency: "CNY",
      }),
    );
    expect(queryOfExplorer(exploreQuery()).metric).toBe("billed");
  });
});
