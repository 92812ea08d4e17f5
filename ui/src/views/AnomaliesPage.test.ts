import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emitDetection, mockBackend, resetMockBackend } from "../test/mockBackend";
import { anomaly, detailOf, fall, monitor } from "../test/fixtures/anomalies";
import { readyStatus } from "../test/fixtures/overview";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: AnomaliesPage } = await import("./AnomaliesPage.svelte");
const { anomalies } = await import("$lib/state/anomalies.svelte");
const { explorer } = await import("$lib/state/explorer.svelte");
const { navigation } = await import("$lib/state/navigation.svelte");
const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");

beforeEach(() => {
  resetMockBackend();
  anomalies.reset();
  explorer.reset();
  navigation.reset();
  locale.set("en");
  status.set(readyStatus());
  mockBackend.anomalies.anomalies.mockResolvedValue({ anomalies: [anomaly, fall], open_impact: [{ currency: "USD", amount: "4512.34" }], open_impact_converted: null });
  mockBackend.anomalies.anomalyMonitors.mockResolvedValue([monitor]);
  mockBackend.anomalies.anomalyDetail.mockImplementation(async (id) => detailOf(id === fall.id ? fall : anomaly));
});

async function openFirst() {
  render(AnomaliesPage);
  const rows = await screen.findAllByTestId("anomaly-row");
  await fireEvent.click(within(rows[0] as HTMLElement).getByTestId("anomaly-open"));
  return screen.findByTestId("anomaly-detail");
}

describe("Anomalies list", () => {
  it("lists anomalies with scope, money impact, percent, sparkline and status, and the open impact", async () => {
    render(AnomaliesPage);
    const rows = await screen.findAllByTestId("anomaly-row");
    expect(rows).toHaveLength(2);
    const first = rows[0] as HTMLElement;
    expect(first).toHaveTextContent("Provider: AWS · Service: Amazon EC2");
    expect(within(first).getByTestId("anomaly-impact")).toHaveAttribute("data-amount", "4512.34");
    expect(first).toHaveTextContent("$4,512.34");
    expect(first).toHaveTextContent("+150.4%");
    expect(within(first).getByTestId("anomaly-sparkline")).toBeInTheDocument();
    expect(within(first).getByTestId("anomaly-status")).toHaveTextContent("Open");
    expect(within(rows[1] as HTMLElement).getByTestId("anomaly-status")).toHaveTextContent("Confirmed");
    expect(screen.getByTestId("open-impact")).toHaveAttribute("data-amount", "4512.34");
    expect(screen.getByTestId("anomalies-summary")).toHaveTextContent("2 anomalies");
  });

  it("filters by status, severity, provider and monitor through the query", async () => {
    render(AnomaliesPage);
    await screen.findAllByTestId("anomaly-row");
    await fireEvent.change(screen.getByTestId("filter-status"), { target: { value: "open" } });
    await fireEvent.change(screen.getByTestId("filter-severity"), { target: { value: "high" } });
    await fireEvent.change(screen.getByTestId("filter-provider"), { target: { value: "AWS" } });
    await fireEvent.change(screen.getByTestId("filter-monitor"), { target: { value: "Services by provider" } });
    await fireEvent.change(screen.getByTestId("filter-from"), { target: { value: "2026-10-01" } });
    await waitFor(() =>
      expect(mockBackend.anomalies.anomalies).toHaveBeenLastCalledWith({
        monitors: ["Services by provider"],
        from: "2026-10-01",
        to: null,
        statuses: ["open"],
        severities: ["high"],
        providers: ["AWS"],
        include_withdrawn: false,
      }),
    );
    await fireEvent.click(screen.getByTestId("filter-clear"));
    await waitFor(() => expect(mockBackend.anomalies.anomalies).toHaveBeenLastCalledWith(expect.objectContaining({ statuses: [], providers: [] })));
  });

  it("says when nothing matches and shows a refusal", async () => {
    mockBackend.anomalies.anomalies.mockResolvedValueOnce({ anomalies: [], open_impact: [], open_impact_converted: null });
    render(AnomaliesPage);
    expect(await screen.findByTestId("anomalies-empty")).toHaveTextContent("No anomalies match these filters.");
    mockBackend.anomalies.anomalies.mockRejectedValueOnce({ code: "invalid_input", message: "from: '2026-13-01' is not a date" });
    await fireEvent.change(screen.getByTestId("filter-from"), { target: { value: "2026-12-01" } });
    expect(await screen.findByTestId("anomalies-error")).toHaveTextContent("is not a date");
  });

  it("reloads when a detection run finishes, and starts one on demand", async () => {
    render(AnomaliesPage);
    await screen.findAllByTestId("anomaly-row");
    await waitFor(() => expect(mockBackend.anomalies.detectionStatus).toHaveBeenCalled());
    const calls = mockBackend.anomalies.anomalies.mock.calls.length;
    emitDetection({ kind: "started" });
    await waitFor(() => expect(screen.getByTestId("detection-status")).toHaveTextContent("Detecting anomalies…"));
    mockBackend.anomalies.detectionStatus.mockResolvedValue({
      running: false,
      last: { from: "2026-10-01", to: "2026-10-31", monitors: 3, series: 40, found: 2, updated: 0, withdrawn: 0, millis: 120, load_millis: 0, rejudged_monitors: [], missing_rates: [] },
      last_at: "2026-11-01T08:00:00Z",
      error: null,
    });
    emitDetection({ kind: "finished", summary: { from: null, to: null, monitors: 3, series: 40, found: 2, updated: 0, withdrawn: 0, millis: 120, load_millis: 0, rejudged_monitors: [], missing_rates: [] } });
    await waitFor(() => expect(mockBackend.anomalies.anomalies.mock.calls.length).toBeGreaterThan(calls));
    await waitFor(() => expect(screen.getByTestId("detection-status")).toHaveTextContent("2 found"));
    await fireEvent.click(screen.getByTestId("detect-now"));
    expect(mockBackend.anomalies.detectAnomalies).toHaveBeenCalled();
  });
});

describe("Anomaly detail", () => {
  it("shows figures, the core's chart, the root cause and the history", async () => {
    const detail = await openFirst();
    expect(mockBackend.anomalies.anomalyDetail).toHaveBeenCalledWith(anomaly.id, "en");
    expect(within(detail).getByTestId("detail-impact")).toHaveAttribute("data-amount", "4512.34");
    expect(within(detail).getByTestId("anomaly-chart").querySelector("svg")).not.toBeNull();
    expect(within(detail).getByTestId("detail-threshold")).toHaveTextContent("Threshold: $100.00 a day and 20%");
    const causes = within(detail).getAllByTestId("root-cause-row");
    expect(causes.map((c) => c.dataset.value)).toEqual(["i-0abc", "us-east-1"]);
    expect(causes[0]).toHaveTextContent("95.3%");
    expect(causes[0]).toHaveTextContent("new");
    expect(within(detail).getByTestId("anomaly-history")).toHaveTextContent("Open by detector");
  });

  it("records a verdict with its note and shows what the detector learned", async () => {
    await openFirst();
    mockBackend.anomalies.anomalyFeedback.mockResolvedValue({ anomaly: { ...anomaly, status: "expected" }, feedback: null });
    const expected = { ...anomaly, status: "expected" as const };
    mockBackend.anomalies.anomalies.mockResolvedValue({ anomalies: [expected, fall], open_impact: [], open_impact_converted: null });
    mockBackend.anomalies.anomalyDetail.mockResolvedValue({
      ...detailOf(expected),
      history: [
        { status: "open", actor: "detector", at: "2026-10-12T06:00:00Z", note: null },
        { status: "expected", actor: "alice", at: "2026-10-13T09:00:00Z", note: "planned load test" },
      ],
      feedback: {
        verdict: "expected",
        learned: { kind: "accept_level", from: "2026-10-12", day_of_month: null, days: null, percent: null },
        withdrawn: ["x1"],
        actor: "alice",
        at: "2026-10-13T09:00:00Z",
        note: "planned load test",
      },
    });
    await fireEvent.input(screen.getByTestId("feedback-note"), { target: { value: " planned load test " } });
    await fireEvent.click(screen.getByTestId("feedback-expected"));
    expect(mockBackend.anomalies.anomalyFeedback).toHaveBeenCalledWith(anomaly.id, "expected", "planned load test");
    await waitFor(() => expect(screen.getByTestId("anomaly-detail")).toHaveAttribute("data-status", "expected"));
    expect(screen.getByTestId("feedback-learned")).toHaveTextContent("this level of spend is the baseline");
    expect(screen.getByTestId("feedback-withdrawn")).toHaveTextContent("1 later anomaly");
    expect(screen.getByTestId("feedback-expected")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getAllByTestId("anomaly-status")[0]).toHaveTextContent("Expected");
  });

  it("shows a refused verdict", async () => {
    await openFirst();
    mockBackend.anomalies.anomalyFeedback.mockRejectedValue({ code: "busy", message: "an import is writing" });
    await fireEvent.click(screen.getByTestId("feedback-not_anomaly"));
    expect(await screen.findByTestId("feedback-error")).toHaveTextContent("an import is writing");
  });

  it("opens the Explorer on a root cause, and a resource's drill-down", async () => {
    await openFirst();
    const view = { query: { group_by: ["resource"], filters: [], from: "2026-10-01", to: "2026-10-15", granularity: "day", metric: "effective", currency: null, limit: 20 }, style: "line", compare: false };
    mockBackend.explore.openViewLink.mockResolvedValue(view as never);
    mockBackend.explore.resourceDetail.mockResolvedValue(undefined as never);
    await fireEvent.click(screen.getAllByTestId("root-cause-resource")[0] as HTMLElement);
    await waitFor(() => expect(navigation.current).toBe("explorer"));
    expect(mockBackend.explore.openViewLink).toHaveBeenCalledWith("cloudlens://explore?v=1");
    expect(explorer.view.query.group_by).toEqual(["resource"]);
    expect(explorer.detailId).toBe("i-0abc");
  });

  it("reads in Chinese", async () => {
    locale.set("zh-CN");
    const detail = await openFirst();
    expect(within(detail).getByTestId("feedback-not_anomaly")).toHaveTextContent("非异常");
    expect(screen.getAllByTestId("anomaly-status")[0]).toHaveTextContent("待处理");
    await waitFor(() => expect(mockBackend.anomalies.anomalyDetail).toHaveBeenLastCalledWith(anomaly.id, "zh-CN"));
  });
});

describe("Monitors", () => {
  it("lists monitors with their thresholds and alert options", async () => {
    render(AnomaliesPage);
    const row = await screen.findByTestId("monitor-row");
    expect(row).toHaveTextContent("Services by provider");
    expect(row).toHaveTextContent("$100.00 a day and 20%");
    expect(within(row).getByTestId("monitor-alerts")).toHaveTextContent("Alerts High and above to ops");
  });

  it("adds a monitor from the form, refusing a malformed filter first", async () => {
    mockBackend.anomalies.addAnomalyMonitor.mockResolvedValue({ ...monitor, id: 2 });
    render(AnomaliesPage);
    await screen.findByTestId("monitor-row");
    await fireEvent.click(screen.getByTestId("monitor-add"));
    await fireEvent.input(screen.getByTestId("monitor-name"), { target: { value: "Team data" } });
    await fireEvent.input(screen.getByTestId("monitor-group-by"), { target: { value: "vtag:team" } });
    await fireEvent.input(screen.getByTestId("monitor-filters"), { target: { value: "provider" } });
    await fireEvent.click(screen.getByTestId("monitor-save"));
    expect(screen.getByTestId("monitor-problem")).toHaveTextContent("Filter “provider” must read DIMENSION=VALUE.");
    await fireEvent.input(screen.getByTestId("monitor-filters"), { target: { value: "provider=AWS" } });
    await fireEvent.click(screen.getByTestId("monitor-save"));
    await waitFor(() =>
      expect(mockBackend.anomalies.addAnomalyMonitor).toHaveBeenCalledWith(
        expect.objectContaining({
          name: "Team data",
          scope: { group_by: ["vtag:team"], filters: [{ dimension: "provider", values: ["AWS"], exclude: false }] },
          min_impact: "100",
          min_percent: 20,
        }),
      ),
    );
    await waitFor(() => expect(screen.queryByTestId("monitor-form")).toBeNull());
  });

  it("mutes a monitor and removes one after confirmation", async () => {
    mockBackend.anomalies.updateAnomalyMonitor.mockResolvedValue({ ...monitor, monitor: { ...monitor.monitor, muted: true } });
    render(AnomaliesPage);
    await screen.findByTestId("monitor-row");
    await fireEvent.click(screen.getByTestId("monitor-mute"));
    await waitFor(() => expect(mockBackend.anomalies.updateAnomalyMonitor).toHaveBeenCalledWith(1, { ...monitor.monitor, muted: true }));
    await fireEvent.click(screen.getByTestId("monitor-remove"));
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(mockBackend.anomalies.removeAnomalyMonitor).toHaveBeenCalledWith("Services by provider"));
  });
});
