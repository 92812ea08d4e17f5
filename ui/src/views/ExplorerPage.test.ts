import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend, resetMockExplorerBackend } from "../test/mockBackend";

const api = mockBackend.explore;
import { overviewFixture, readyStatus } from "../test/fixtures/overview";
import { compareResult, exploreResult, query, resourceDetail, savedView, viewState } from "../test/fixtures/explorer";
import { withBand } from "../test/fixtures/forecastBand";
import type { ExploreQuery } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: ExplorerPage } = await import("./ExplorerPage.svelte");
const { explorer } = await import("$lib/state/explorer.svelte");
const { overview } = await import("$lib/state/overview.svelte");
const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { metric } = await import("$lib/state/metric.svelte");
const { explorerBand } = await import("$lib/state/explorerBand.svelte");

/** The query of the latest explore call. */
function lastQuery(): ExploreQuery {
  const call = api.explore.mock.lastCall;
  if (!call) throw new Error("explore was not called");
  return call[0] as ExploreQuery;
}

async function renderPage() {
  render(ExplorerPage);
  await screen.findByTestId("explorer-table");
}

beforeEach(() => {
  resetMockBackend();
  resetMockExplorerBackend();
  explorer.reset();
  explorerBand.on = false;
  status.reset();
  status.set(readyStatus());
  overview.reset();
  overview.data = overviewFixture; // as_of 2025-11-25
  locale.set("en");
  metric.set("billed");
  api.explore.mockImplementation(async (q: ExploreQuery) => exploreResult(q));
  api.compare.mockResolvedValue(compareResult());
});

describe("Explorer query", () => {
  it("starts with the last 30 days up to the latest data day, grouped by service", async () => {
    await renderPage();
    expect(api.explore).toHaveBeenCalledWith(query(), "stacked_bar", "en");
    expect(screen.getByTestId("explorer-range")).toHaveAttribute("data-from", "2025-10-27");
    expect(screen.getByTestId("preset-last_30")).toHaveAttribute("aria-pressed", "true");
  });

  it("starts on the app-wide metric and follows the top bar's switch", async () => {
    metric.set("effective");
    await renderPage();
    expect(api.explore).toHaveBeenLastCalledWith(query({ metric: "effective" }), "stacked_bar", "en");
    metric.set("billed");
    await waitFor(() => expect(api.explore).toHaveBeenLastCalledWith(query(), "stacked_bar", "en"));
    expect(screen.getByTestId("metric")).toHaveValue("billed");
  });

  it("re-runs with the chosen grouping, metric, granularity, currency and style", async () => {
    mockBackend.currency.exchangeRates.mockResolvedValue([{ date: "2025-01-01", from: "USD", to: "CNY", rate: "7.1" }]);
    await renderPage();
    await fireEvent.change(screen.getByTestId("group-by-0"), { target: { value: "provider" } });
    await fireEvent.change(screen.getByTestId("group-by-1"), { target: { value: "tag:env" } });
    await fireEvent.change(screen.getByTestId("metric"), { target: { value: "effective" } });
    await fireEvent.click(screen.getByTestId("granularity-week"));
    await waitFor(() => expect(screen.getByTestId("display-currency")).toHaveTextContent("USD"));
    await fireEvent.change(screen.getByTestId("display-currency"), { target: { value: "CNY" } });
    await fireEvent.click(screen.getByTestId("style-area"));
    await waitFor(() =>
      expect(api.explore).toHaveBeenLastCalledWith(
        query({ group_by: ["provider", "tag:env"], metric: "effective", granularity: "week", display_currency: "CNY" }),
        "area",
        "en",
      ),
    );
    // The tag dimension reads as a label, not as its name.
    expect(screen.getByTestId("group-by-1")).toHaveTextContent("Tag: env");
  });

  it("turns presets into ranges ending on the latest data day", async () => {
    await renderPage();
    const cases: [string, string, string][] = [
      ["mtd", "2025-11-01", "2025-11-26"],
      ["last_month", "2025-10-01", "2025-11-01"],
      ["last_90", "2025-08-28", "2025-11-26"],
      ["quarter", "2025-10-01", "2025-11-26"],
      ["ytd", "2025-01-01", "2025-11-26"],
    ];
    for (const [preset, from, to] of cases) {
      await fireEvent.click(screen.getByTestId(`preset-${preset}`));
      await waitFor(() => expect(lastQuery()).toMatchObject({ from, to }));
    }
  });

  it("takes a custom range with an inclusive last day and refuses a reversed one", async () => {
    await renderPage();
    await fireEvent.click(screen.getByTestId("preset-custom"));
    await fireEvent.input(screen.getByTestId("range-from"), { target: { value: "2025-06-01" } });
    await fireEvent.change(screen.getByTestId("range-from"));
    await fireEvent.input(screen.getByTestId("range-to"), { target: { value: "2025-06-30" } });
    await fireEvent.change(screen.getByTestId("range-to"));
    await waitFor(() => expect(lastQuery()).toMatchObject({ from: "2025-06-01", to: "2025-07-01" }));
    const calls = api.explore.mock.calls.length;
    await fireEvent.input(screen.getByTestId("range-to"), { target: { value: "2025-05-01" } });
    await fireEvent.change(screen.getByTestId("range-to"));
    expect(screen.getByTestId("range-error")).toBeInTheDocument();
    expect(api.explore.mock.calls.length).toBe(calls);
  });
});

describe("Filter picker", () => {
  it("lists values with untagged as its own choice, searches, and adds include and exclude filters", async () => {
    api.dimensionValues.mockImplementation(async (dimension: string, _from: string, _to: string, search: string | null) => ({
      dimension,
      values: search ? ["prod"] : ["prod", "dev", null],
      truncated: !search,
    }));
    await renderPage();
    await fireEvent.click(screen.getByTestId("filter-add"));
    const picker = screen.getByTestId("filter-picker");
    await fireEvent.change(within(picker).getByTestId("filter-dimension"), { target: { value: "tag:env" } });
    await waitFor(() => expect(within(picker).getAllByTestId("filter-value")).toHaveLength(3));
    expect(api.dimensionValues).toHaveBeenLastCalledWith("tag:env", "2025-10-27", "2025-11-26", null, 100);
    expect(picker).toHaveTextContent("(untagged)");
    expect(picker).toHaveTextContent("More values exist");

    const untagged = within(picker).getAllByTestId("filter-value").find((e) => e.getAttribute("data-null") === "true");
    await fireEvent.click(untagged!);
    await fireEvent.input(within(picker).getByTestId("filter-search"), { target: { value: "pro" } });
    await waitFor(() => expect(api.dimensionValues).toHaveBeenLastCalledWith("tag:env", "2025-10-27", "2025-11-26", "pro", 100));
    // The chosen untagged value stays listed while the search shows "prod".
    await waitFor(() => expect(within(picker).getAllByTestId("filter-value")).toHaveLength(2));
    await fireEvent.click(within(picker).getAllByTestId("filter-value").find((e) => e.getAttribute("data-value") === "prod")!);
    await fireEvent.change(within(picker).getByTestId("filter-mode"), { target: { value: "exclude" } });
    await fireEvent.click(within(picker).getByTestId("filter-apply"));

    await waitFor(() => expect(lastQuery().filters).toEqual([{ dimension: "tag:env", values: [null, "prod"], exclude: true }]));
    const chip = screen.getByTestId("filter-chip");
    expect(chip).toHaveTextContent("Tag: env is not (untagged), prod");

    await fireEvent.click(within(chip).getByTestId("filter-remove"));
    await waitFor(() => expect(lastQuery().filters).toEqual([]));
  });

  it("shows the engine's error instead of values", async () => {
    api.dimensionValues.mockRejectedValue({ code: "invalid_input", message: "unknown dimension 'x'" });
    await renderPage();
    await fireEvent.click(screen.getByTestId("filter-add"));
    expect(await screen.findByTestId("filter-error")).toHaveTextContent("unknown dimension 'x'");
  });
});

describe("Chart and table", () => {
  it("shows one row per group with totals per currency, untagged and other labelled", async () => {
    await renderPage();
    const rows = screen.getAllByTestId("explorer-row");
    expect(rows.map((r) => r.getAttribute("data-groups"))).toEqual([
      '["Object Storage Service"]',
      '["Elastic Compute Service"]',
      "[null]",
      '["Other"]',
      '["Amazon EC2"]',
    ]);
    // A service-less line reads "(none)"; a tag's missing value reads "(untagged)".
    expect(rows[2]).toHaveTextContent("(none)");
    expect(rows[3]).toHaveAttribute("data-other", "true");
    expect(rows[3]).toHaveTextContent("Other");
    const totals = screen.getAllByTestId("explorer-total-row");
    expect(totals.map((r) => within(r).getByTestId("grand-total").getAttribute("data-amount"))).toEqual(["1560.600001", "12.5"]);
    expect(totals[0]).toHaveTextContent("CN¥1,560.60");
  });

  it("sorts by any column, keeping the other group last", async () => {
    await renderPage();
    const order = () => screen.getAllByTestId("explorer-row").filter((r) => r.dataset.currency === "CNY").map((r) => r.dataset.groups);
    await fireEvent.click(screen.getByTestId("sort-total"));
    expect(order()).toEqual(["[null]", '["Elastic Compute Service"]', '["Object Storage Service"]', '["Other"]']);
    await fireEvent.click(screen.getByTestId("sort-g0"));
    expect(order()).toEqual(['["Elastic Compute Service"]', '["Object Storage Service"]', "[null]", '["Other"]']);
    expect(screen.getByTestId("sort-g0").closest("th")).toHaveAttribute("aria-sort", "ascending");
  });

  it("adds per-period columns whose totals add the engine's rows exactly", async () => {
    await renderPage();
    await fireEvent.click(screen.getByTestId("by-period"));
    expect(screen.getByTestId("sort-p:2025-11-24")).toBeInTheDocument();
    const total = screen.getAllByTestId("explorer-total-row")[0]!;
    const amounts = [...total.querySelectorAll("[data-amount]")].map((e) => e.getAttribute("data-amount"));
    expect(amounts.slice(0, 3)).toEqual(["100.10", "1100.200001", "360.30"]);
  });

  it("filters on a legend entry or a row, and zooms into a clicked period", async () => {
    await renderPage();
    const legend = screen.getAllByTestId("legend-entry").find((e) => e.dataset.label === "Elastic Compute Service")!;
    await fireEvent.click(legend);
    await waitFor(() => expect(lastQuery().filters).toEqual([{ dimension: "service", values: ["Elastic Compute Service"], exclude: false }]));
    await fireEvent.click(within(screen.getAllByTestId("explorer-row")[2]!).getByTestId("row-filter"));
    await waitFor(() => expect(lastQuery().filters[0]?.values).toEqual(["Elastic Compute Service", null]));

    const frame = screen.getByTestId("explorer-chart").querySelector(".frame") as HTMLElement;
    frame.focus();
    await fireEvent.keyDown(frame, { key: "End" });
    await fireEvent.keyDown(frame, { key: "Enter" });
    await waitFor(() => expect(lastQuery()).toMatchObject({ from: "2025-11-25", to: "2025-11-26", granularity: "day" }));
    expect(screen.getByTestId("preset-custom")).toHaveAttribute("aria-pressed", "true");
  });

  it("warns about missing exchange rates, listing dates and pairs", async () => {
    api.explore.mockImplementation(async (q: ExploreQuery) => ({
      ...exploreResult(q),
      missing_rates: [{ date: "2025-11-24", from: "USD", to: "CNY", amount: "12.5" }],
    }));
    await renderPage();
    const notice = screen.getByTestId("missing-rates");
    expect(notice).toHaveTextContent("never converted at 1");
    expect(within(notice).getByTestId("missing-rate")).toHaveTextContent("USD → CNY (12.5 USD)");
  });

  it("shows the engine's error with a retry", async () => {
    api.explore.mockRejectedValueOnce({ code: "internal", message: "explore is not built yet" });
    render(ExplorerPage);
    expect(await screen.findByTestId("explorer-error")).toHaveTextContent("explore is not built yet");
    await fireEvent.click(screen.getByText("Try again"));
    expect(await screen.findByTestId("explorer-table")).toBeInTheDocument();
  });

  it("shows an empty state when nothing matches", async () => {
    api.explore.mockImplementation(async (q: ExploreQuery) => ({ ...exploreResult(q), rows: [], totals: [], grand_totals: [], chart: null }));
    render(ExplorerPage);
    expect(await screen.findByTestId("explorer-empty")).toHaveTextContent("No costs match this view.");
  });
});

describe("Export", () => {
  it("asks for a path, then exports exactly the shown query and columns", async () => {
    mockBackend.dialogs.pickSavePath.mockResolvedValue("/tmp/out.csv");
    api.exportTable.mockResolvedValue(5);
    await renderPage();
    await fireEvent.click(screen.getByTestId("by-period"));
    await fireEvent.click(screen.getByTestId("export-toggle"));
    await fireEvent.click(screen.getByTestId("export-choose"));
    await waitFor(() => expect(screen.getByTestId("export-message")).toHaveTextContent("Exported 5 rows to /tmp/out.csv"));
    expect(mockBackend.dialogs.pickSavePath).toHaveBeenCalledWith("cloudlens-explorer.csv", "CSV", ["csv"]);
    expect(api.exportTable).toHaveBeenCalledWith(query(), true, false, "csv", "en", "/tmp/out.csv");
  });

  it("exports to a typed path without the dialog", async () => {
    api.exportTable.mockResolvedValue(5);
    await renderPage();
    await fireEvent.click(screen.getByTestId("export-toggle"));
    await fireEvent.click(screen.getByTestId("export-format-xlsx"));
    await fireEvent.input(screen.getByTestId("export-path"), { target: { value: " /tmp/t.xlsx " } });
    await fireEvent.click(screen.getByTestId("export-path-go"));
    await waitFor(() => expect(api.exportTable).toHaveBeenCalledWith(query(), false, false, "xlsx", "en", "/tmp/t.xlsx"));
    expect(mockBackend.dialogs.pickSavePath).not.toHaveBeenCalled();
  });

  it("does nothing when the dialog is cancelled, and reports a failure", async () => {
    await renderPage();
    await fireEvent.click(screen.getByTestId("export-toggle"));
    await fireEvent.click(screen.getByTestId("export-format-xlsx"));
    await fireEvent.click(screen.getByTestId("export-choose"));
    await waitFor(() => expect(mockBackend.dialogs.pickSavePath).toHaveBeenCalledWith("cloudlens-explorer.xlsx", "XLSX", ["xlsx"]));
    expect(api.exportTable).not.toHaveBeenCalled();
    mockBackend.dialogs.pickSavePath.mockResolvedValue("/nope/out.xlsx");
    api.exportTable.mockRejectedValue({ code: "invalid_input", message: "cannot write /nope/out.xlsx" });
    await fireEvent.click(screen.getByTestId("export-toggle"));
    await fireEvent.click(screen.getByTestId("export-choose"));
    await waitFor(() => expect(screen.getByTestId("export-message")).toHaveTextContent("Export failed: cannot write /nope/out.xlsx"));
  });
});

describe("Billing currencies", () => {
  it("heads each currency's table block and offers a chart per currency, saying which one shows", async () => {
    api.explore.mockImplementation(async (q: ExploreQuery) => {
      const r = exploreResult(q);
      return r.chart ? { ...r, other_charts: [{ ...r.chart, currency: "USD" }] } : r;
    });
    await renderPage();
    const blocks = screen.getAllByTestId("currency-block").map((b) => b.dataset.currency);
    expect(blocks).toEqual(["CNY", "USD"]);
    expect(screen.getAllByTestId("explorer-total-row").map((r) => r.dataset.currency)).toEqual(blocks);
    const tabs = screen.getAllByTestId("chart-currency-tab").map((t) => t.dataset.currency);
    expect(tabs).toEqual(["CNY", "USD"]);
    expect(screen.getByTestId("chart-currency")).toHaveAttribute("data-currency", "CNY");
    const usdTab = screen.getAllByTestId("chart-currency-tab").find((t) => t.dataset.currency === "USD");
    if (!usdTab) throw new Error("no USD chart tab");
    await fireEvent.click(usdTab);
    expect(screen.getByTestId("chart-currency")).toHaveAttribute("data-currency", "USD");
    expect(screen.getByTestId("chart-currency")).toHaveTextContent("Chart shows USD");
  });

  it("starts in the display currency chosen in Settings", async () => {
    const { displayCurrency } = await import("$lib/state/currency.svelte");
    displayCurrency.set("USD");
    explorer.reset();
    await renderPage();
    expect(lastQuery().display_currency).toBe("USD");
    displayCurrency.set(null);
  });
});

describe("Compare", () => {
  it("asks for the comparison and shows coloured deltas and the top movers", async () => {
    await renderPage();
    await fireEvent.click(screen.getByTestId("compare-toggle"));
    await waitFor(() => expect(api.compare).toHaveBeenCalledWith(query()));
    const card = await screen.findByTestId("compare-card");
    expect(card).toHaveTextContent("Oct 27, 2025 – Nov 25, 2025 vs Sep 27, 2025 – Oct 26, 2025");
    const up = within(screen.getByTestId("movers-up")).getAllByTestId("mover");
    expect(up[0]).toHaveTextContent("Object Storage Service");
    expect(up[0]).toHaveTextContent("+125.0%");
    expect(up[1]).toHaveTextContent("new");
    expect(within(screen.getByTestId("movers-down")).getByTestId("mover")).toHaveTextContent(/-25\.0%/);

    const ecs = screen.getAllByTestId("explorer-row")[1]!;
    const delta = within(ecs).getByTestId("delta-amount");
    expect(delta).toHaveAttribute("data-sign", "-1");
    expect(delta).toHaveClass("down");
    expect(within(screen.getAllByTestId("explorer-row")[0]!).getByTestId("delta-amount")).toHaveClass("up");
    expect(lastQuery()).toEqual(query());
  });
});

describe("Resource drill-down", () => {
  it("opens a resource from the table when grouped by resource and shows its lines", async () => {
    api.explore.mockImplementation(async (q: ExploreQuery) => ({
      ...exploreResult(q),
      rows: [{ period: "2025-11-25", groups: ["i-bp1abc"], amount: "12.34", currency: "CNY" }],
      totals: [{ groups: ["i-bp1abc"], amount: "12.34", currency: "CNY", share: "100.00", other: false }],
      grand_totals: [{ currency: "CNY", amount: "12.34" }],
    }));
    api.resourceDetail.mockResolvedValue(resourceDetail());
    await renderPage();
    await fireEvent.change(screen.getByTestId("group-by-0"), { target: { value: "resource" } });
    await fireEvent.click(await screen.findByTestId("resource-link"));
    // In the Explorer's metric and display currency, and it says which metric.
    expect(api.resourceDetail).toHaveBeenCalledWith("i-bp1abc", "2025-10-27", "2025-11-26", "billed", null, "en");
    const panel = await screen.findByTestId("resource-panel");
    expect(await within(panel).findByTestId("resource-metric")).toHaveAttribute("data-metric", "billed");
    expect(within(panel).getByTestId("resource-metric")).toHaveTextContent("Billed");
    await waitFor(() => expect(within(panel).getByTestId("resource-line")).toHaveTextContent("import #12 (ecs.csv, line 40)"));
    expect(within(panel).getByTestId("resource-total")).toHaveAttribute("data-amount", "12.34");
    expect(within(panel).getByTestId("resource-tags")).toHaveTextContent("env");
    expect(within(panel).getByTestId("resource-vtags")).toHaveTextContent("payments");
    await fireEvent.click(within(panel).getByTestId("resource-close"));
    expect(screen.queryByTestId("resource-panel")).toBeNull();
  });

  it("lists a group's resources through the row action", async () => {
    await renderPage();
    await fireEvent.click(within(screen.getAllByTestId("explorer-row")[1]!).getByTestId("row-resources"));
    await waitFor(() =>
      expect(lastQuery()).toMatchObject({ group_by: ["resource"], filters: [{ dimension: "service", values: ["Elastic Compute Service"], exclude: false }] }),
    );
  });

  it("shows the error when the resource cannot be loaded", async () => {
    api.resourceDetail.mockRejectedValue({ code: "not_found", message: "no resource i-x" });
    await renderPage();
    void explorer.openResource("i-x", "en");
    expect(await screen.findByTestId("resource-error")).toHaveTextContent("no resource i-x");
  });
});

describe("Saved views", () => {
  it("saves the whole view state, reopens it and deletes it", async () => {
    await renderPage();
    await fireEvent.click(screen.getByTestId("compare-toggle"));
    await fireEvent.click(screen.getByTestId("style-line"));
    await fireEvent.click(screen.getByTestId("saved-toggle"));
    expect(await screen.findByText("No saved views yet.")).toBeInTheDocument();

    const saved = { ...savedView, name: "Storage" };
    api.saveView.mockResolvedValue(saved);
    api.savedViews.mockResolvedValue([saved]);
    await fireEvent.input(screen.getByTestId("view-name"), { target: { value: "  Storage " } });
    await fireEvent.click(screen.getByTestId("view-save"));
    await waitFor(() => expect(api.saveView).toHaveBeenCalledWith("Storage", viewState({ style: "line", compare: true })));
    expect(await screen.findByTestId("saved-view")).toHaveAttribute("data-name", "Storage");

    // Change the page, then reopen the saved view: everything comes back.
    await fireEvent.click(screen.getByTestId("saved-close"));
    await fireEvent.change(screen.getByTestId("group-by-0"), { target: { value: "provider" } });
    api.openViewLink.mockResolvedValue(viewState({ style: "line", compare: true }));
    await fireEvent.click(screen.getByTestId("saved-toggle"));
    await fireEvent.click(await screen.findByTestId("saved-open"));
    expect(api.openViewLink).toHaveBeenCalledWith(saved.link);
    await waitFor(() => expect(api.explore).toHaveBeenLastCalledWith(query(), "line", "en"));
    expect(screen.getByTestId("group-by-0")).toHaveValue("service");
    expect(screen.getByTestId("compare-toggle")).toBeChecked();
    expect(screen.getByTestId("preset-last_30")).toHaveAttribute("aria-pressed", "true");

    await fireEvent.click(screen.getByTestId("saved-toggle"));
    await fireEvent.click(await screen.findByTestId("saved-remove"));
    api.savedViews.mockResolvedValue([]);
    await fireEvent.click(await screen.findByTestId("confirm-ok"));
    await waitFor(() => expect(api.removeView).toHaveBeenCalledWith("Storage"));
    expect(await screen.findByText("No saved views yet.")).toBeInTheDocument();
  });

  it("refuses an empty name", async () => {
    await renderPage();
    await fireEvent.click(screen.getByTestId("saved-toggle"));
    await fireEvent.click(screen.getByTestId("view-save"));
    expect(screen.getByTestId("saved-message")).toHaveTextContent("Enter a name for the view.");
    expect(api.saveView).not.toHaveBeenCalled();
  });

  it("copies the view's link and reopens a pasted one", async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    api.viewLink.mockResolvedValue("cloudlens://explore?g=service");
    await renderPage();
    await fireEvent.click(screen.getByTestId("saved-toggle"));
    await fireEvent.click(screen.getByTestId("copy-link"));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith("cloudlens://explore?g=service"));
    expect(api.viewLink).toHaveBeenCalledWith(viewState());
    expect(screen.getByTestId("view-link")).toHaveValue("cloudlens://explore?g=service");

    const pasted = viewState({ query: query({ group_by: ["region"], from: "2025-06-01", to: "2025-07-01", granularity: "month" }) });
    api.openViewLink.mockResolvedValue(pasted);
    await fireEvent.input(screen.getByTestId("paste-link"), { target: { value: " cloudlens://explore?g=region " } });
    await fireEvent.click(screen.getByTestId("open-link"));
    expect(api.openViewLink).toHaveBeenCalledWith("cloudlens://explore?g=region");
    await waitFor(() => expect(api.explore).toHaveBeenLastCalledWith(pasted.query, "stacked_bar", "en"));
    expect(screen.getByTestId("preset-custom")).toHaveAttribute("aria-pressed", "true");
  });

  it("shows a bad link's error", async () => {
    api.openViewLink.mockRejectedValue({ code: "invalid_input", message: "not a CloudLens view link" });
    await renderPage();
    await fireEvent.click(screen.getByTestId("saved-toggle"));
    await fireEvent.input(screen.getByTestId("paste-link"), { target: { value: "http://x" } });
    await fireEvent.click(screen.getByTestId("open-link"));
    expect(await screen.findByTestId("saved-message")).toHaveTextContent("not a CloudLens view link");
  });
});

describe("Forecast band", () => {
  it("is asked for only once switched on, and redraws the chart with the band after the actuals", async () => {
    api.exploreForecast.mockImplementation(async (q: ExploreQuery) => {
      const chart = exploreResult(q).chart;
      return chart ? withBand(chart) : null;
    });
    await renderPage();
    expect(api.exploreForecast).not.toHaveBeenCalled();
    expect(screen.queryByTestId("band-note")).not.toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("band-toggle"));
    await waitFor(() => expect(api.exploreForecast).toHaveBeenCalledWith(query(), "stacked_bar", "en"));
    const note = await screen.findByTestId("band-note");
    await waitFor(() => expect(note).toHaveAttribute("data-state", "drawn"));
    const legend = screen.getByTestId("explorer-legend");
    const labels = within(legend).getAllByTestId("legend-entry").map((e) => e.getAttribute("data-label"));
    expect(labels.slice(-3)).toEqual(["Forecast", "80% range", "95% range"]);
    // The forecast's entries are not groups to filter on.
    expect(within(legend).getByText("Forecast").tagName).toBe("SPAN");
  });

  it("is not offered for weeks or months", async () => {
    await renderPage();
    expect(screen.getByTestId("band-toggle")).toBeInTheDocument();
    explorer.updateQuery({ granularity: "month" });
    await waitFor(() => expect(screen.queryByTestId("band-toggle")).not.toBeInTheDocument());
  });
});

describe("Chinese", () => {
  it("labels the page, dimensions and untagged in Chinese", async () => {
    locale.set("zh-CN");
    await renderPage();
    expect(screen.getByTestId("explorer-page")).toHaveTextContent("成本浏览器");
    expect(screen.getByTestId("group-by-0")).toHaveTextContent("服务");
    expect(screen.getAllByTestId("explorer-row")[2]).toHaveTextContent("（无）");
    await fireEvent.change(screen.getByTestId("group-by-0"), { target: { value: "tag:env" } });
    await waitFor(() => expect(screen.getAllByTestId("explorer-row")[2]).toHaveTextContent("（未打标签）"));
    expect(api.explore).toHaveBeenLastCalledWith(query({ group_by: ["tag:env"] }), "stacked_bar", "zh-CN");
  });
});
