import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { RecommendationDetail, RecommendationList, RecommendationView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: RecommendationsPage } = await import("./RecommendationsPage.svelte");
const { recommendations } = await import("$lib/state/recommendations.svelte");
const { displayCurrency } = await import("$lib/state/currency.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { resourceDetail } = await import("../test/fixtures/explorer");

function item(over: Partial<RecommendationView>): RecommendationView {
  return {
    id: "r-disk",
    kind: "idle",
    finding: "unattached_disk",
    provider: "Alibaba Cloud",
    billing_account: "1888",
    sub_account: null,
    region: "cn-hangzhou",
    service: "Elastic Block Storage",
    resource: "d-bp1",
    resource_name: "old-data",
    action: "Delete the disk d-bp1 after a snapshot: it is attached to nothing.",
    console: "ECS console › Block Storage › Disks",
    monthly_saving: "123.45",
    currency: "CNY",
    display_saving: null,
    confidence: 0.9,
    status: "open",
    status_note: null,
    closed_reason: null,
    first_seen: "2026-12-01T00:00:00Z",
    updated_at: "2026-12-01T00:00:00Z",
    done_at: null,
    realised_saving: null,
    realised_complete: false,
    evidence: {
      as_of: "2026-11-30",
      inventory: {
        kind: "disk",
        state: "Available",
        size: "100",
        attached: false,
        attached_to: null,
        billing_mode: "pay_as_you_go",
        expires_on: null,
        auto_renew: null,
        created_on: "2026-01-02",
        seen_on: "2026-11-30",
      },
      utilisation: null,
      costs: { from: "2026-11-01", to: "2026-11-30", currency: "CNY", billed: "119.50", effective: "119.50", list: "119.50", lines: [] },
      discounts: [],
      figures: [{ key: "days_analysed", value: "30" }],
    },
    ...over,
  };
}

const disk = item({});
const vm = item({
  id: "r-vm",
  kind: "rightsize",
  finding: "rightsize",
  provider: "AWS",
  billing_account: "1234",
  region: "us-east-1",
  resource: "i-0abc",
  resource_name: null,
  action: "Resize from m5.2xlarge to m5.large.",
  monthly_saving: "210.00",
  currency: "USD",
  confidence: 0.85,
});
const done = item({ id: "r-ip", finding: "unassociated_ip", monthly_saving: "20.00", status: "done", realised_saving: "19.80", realised_complete: true });

function listOf(items: RecommendationView[]): RecommendationList {
  return {
    as_of: "2026-11-30",
    items,
    potential_by_kind: [
      { group: "rightsize", currency: "USD", amount: "210.00", count: 1 },
      { group: "idle", currency: "CNY", amount: "123.45", count: 1 },
    ],
    potential_by_provider: [
      { group: "AWS", currency: "USD", amount: "210.00", count: 1 },
      { group: "Alibaba Cloud", currency: "CNY", amount: "123.45", count: 1 },
    ],
    realised_by_kind: [{ group: "idle", currency: "CNY", amount: "19.80", count: 1 }],
    realised_by_provider: [{ group: "Alibaba Cloud", currency: "CNY", amount: "19.80", count: 1 }],
    display_potential: null,
    missing_rates: [],
  };
}

function detailOf(v: RecommendationView, history: RecommendationDetail["history"] = []): RecommendationDetail {
  return { item: v, chart: null, history: [{ at: "2026-12-01T00:00:00Z", who: "system", from: null, to: "open", note: "found" }, ...history] };
}

beforeEach(() => {
  resetMockBackend();
  recommendations.reset();
  localStorage.clear();
  localStorage.setItem("cloudlens.displayCurrency", "billing");
  displayCurrency.reset();
  locale.set("en");
  mockBackend.recommendations.recommendations.mockImplementation(async (query) =>
    listOf([vm, disk, done].filter((r) => query.kinds.length === 0 || query.kinds.includes(r.kind))),
  );
  mockBackend.recommendations.recommendationDetail.mockImplementation(async (id) => detailOf([vm, disk, done].find((r) => r.id === id)!));
});

const rows = () => screen.getAllByTestId("rec-row").map((r) => r.dataset.id);

describe("Recommendations page", () => {
  it("recomputes on open, then ranks the list and shows totals per kind in each currency", async () => {
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    expect(mockBackend.recommendations.refreshRecommendations).toHaveBeenCalledTimes(1);
    expect(rows()).toEqual(["r-vm", "r-disk", "r-ip"]);
    const first = screen.getAllByTestId("rec-row")[0]!;
    expect(first).toHaveTextContent("$210.00");
    expect(first).toHaveTextContent("Rightsizing · Oversized instance");
    const potential = screen.getByTestId("recs-potential-totals");
    expect(potential).toHaveTextContent("Rightsizing 1 found $210.00");
    expect(potential).toHaveTextContent("Idle and orphaned 1 found CN¥123.45");
    expect(screen.getByTestId("recs-realised")).toHaveTextContent("CN¥19.80");
  });

  it("filters by kind through the core and keeps the totals of everything", async () => {
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    await fireEvent.change(screen.getByTestId("recs-filter-kind"), { target: { value: "idle" } });
    await waitFor(() => expect(rows()).toEqual(["r-disk", "r-ip"]));
    expect(mockBackend.recommendations.recommendations).toHaveBeenLastCalledWith(
      expect.objectContaining({ kinds: [] }),
      "en",
    );
    expect(mockBackend.recommendations.recommendations).toHaveBeenCalledWith(expect.objectContaining({ kinds: ["idle"] }), "en");
    expect(screen.getByTestId("recs-potential-totals")).toHaveTextContent("$210.00");
  });

  it("filters by provider and status through the core, offering the providers of the list", async () => {
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    const provider = screen.getByTestId("recs-filter-provider");
    const offered = within(provider).getAllByRole("option").map((o) => o.getAttribute("value"));
    expect(offered).toEqual(["", "AWS", "Alibaba Cloud"]);
    mockBackend.recommendations.recommendations.mockImplementation(async (query) =>
      listOf([vm, disk, done].filter((r) => (query.providers.length === 0 || query.providers.includes(r.provider)) && (query.status === null || r.status === query.status))),
    );
    await fireEvent.change(provider, { target: { value: "Alibaba Cloud" } });
    await waitFor(() => expect(rows()).toEqual(["r-disk", "r-ip"]));
    expect(mockBackend.recommendations.recommendations).toHaveBeenCalledWith(
      expect.objectContaining({ providers: ["Alibaba Cloud"], status: null }),
      "en",
    );
    await fireEvent.change(screen.getByTestId("recs-filter-status"), { target: { value: "done" } });
    await waitFor(() => expect(rows()).toEqual(["r-ip"]));
    expect(mockBackend.recommendations.recommendations).toHaveBeenCalledWith(
      expect.objectContaining({ providers: ["Alibaba Cloud"], status: "done" }),
      "en",
    );
    // The totals stay those of everything.
    expect(mockBackend.recommendations.recommendations).toHaveBeenLastCalledWith(
      expect.objectContaining({ providers: [], status: null }),
      "en",
    );
    expect(screen.getByTestId("recs-potential-totals")).toHaveTextContent("$210.00");
    await fireEvent.change(provider, { target: { value: "" } });
    await fireEvent.change(screen.getByTestId("recs-filter-status"), { target: { value: "" } });
    await waitFor(() => expect(rows()).toEqual(["r-vm", "r-disk", "r-ip"]));
  });

  it("searches through the core, trimmed, and lists everything again when the box is cleared", async () => {
    mockBackend.recommendations.recommendations.mockImplementation(async (query) =>
      listOf([vm, disk, done].filter((r) => query.search === null || r.action.toLowerCase().includes(query.search.toLowerCase()))),
    );
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    const search = screen.getByTestId("recs-search");
    await fireEvent.input(search, { target: { value: "  RESIZE " } });
    await waitFor(() => expect(rows()).toEqual(["r-vm"]));
    expect(mockBackend.recommendations.recommendations).toHaveBeenCalledWith(expect.objectContaining({ search: "RESIZE" }), "en");
    await fireEvent.input(search, { target: { value: "nothing like it" } });
    expect(await screen.findByTestId("recs-empty")).toHaveTextContent("No recommendations match these filters.");
    await fireEvent.input(search, { target: { value: "   " } });
    await waitFor(() => expect(rows()).toEqual(["r-vm", "r-disk", "r-ip"]));
    expect(mockBackend.recommendations.recommendations).toHaveBeenLastCalledWith(expect.objectContaining({ search: null }), "en");
  });

  it("opens the resource's cost drill-down over the evidence window, in billed cost", async () => {
    mockBackend.explore.resourceDetail.mockResolvedValue({ ...resourceDetail(), resource_id: "d-bp1", name: "old-data" });
    render(RecommendationsPage);
    await fireEvent.click((await screen.findAllByTestId("rec-row"))[1]!);
    const detail = await screen.findByTestId("rec-detail");
    await fireEvent.click(within(detail).getByTestId("rec-open-resource"));
    const panel = await screen.findByTestId("resource-panel");
    expect(panel).toHaveAttribute("data-resource", "d-bp1");
    expect(mockBackend.explore.resourceDetail).toHaveBeenCalledWith("d-bp1", "2026-11-01", "2026-11-30", "billed", null, "en");
    expect(await within(panel).findByTestId("resource-total")).toHaveTextContent("CN¥12.34");
    await fireEvent.click(within(panel).getByTestId("resource-close"));
    expect(screen.queryByTestId("resource-panel")).toBeNull();
  });

  it("shows the evidence and refuses a dismissal without a reason, then records one with it", async () => {
    render(RecommendationsPage);
    const row = (await screen.findAllByTestId("rec-row"))[1]!;
    await fireEvent.click(row);
    const detail = await screen.findByTestId("rec-detail");
    expect(within(detail).getByTestId("rec-inventory")).toHaveTextContent("Attachedno");
    expect(within(detail).getByTestId("rec-figures")).toHaveTextContent("Days analysed30");
    expect(within(detail).getByTestId("rec-detail-saving")).toHaveTextContent("CN¥123.45 a month");
    await fireEvent.click(within(detail).getByTestId("rec-dismiss"));
    await fireEvent.click(within(detail).getByTestId("rec-dismiss-confirm"));
    expect(within(detail).getByTestId("rec-dismiss-problem")).toHaveTextContent("Give a reason");
    expect(mockBackend.recommendations.setRecommendationStatus).not.toHaveBeenCalled();
    await fireEvent.input(within(detail).getByTestId("rec-dismiss-reason"), { target: { value: " kept for DR " } });
    await fireEvent.click(within(detail).getByTestId("rec-dismiss-confirm"));
    await waitFor(() => expect(mockBackend.recommendations.setRecommendationStatus).toHaveBeenCalledWith("r-disk", "dismissed", "kept for DR"));
  });

  it("shows the realised saving of a done one and its history", async () => {
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    await fireEvent.click(screen.getAllByTestId("rec-row")[2]!);
    const realised = await screen.findByTestId("rec-realised");
    expect(realised).toHaveTextContent("CN¥19.80 a month");
    expect(realised).toHaveTextContent("measured over a full month of bills");
    expect(screen.getByTestId("rec-history")).toHaveTextContent("CloudLens · found");
    expect(screen.getByTestId("rec-reopen")).toBeInTheDocument();
  });

  it("speaks Chinese", async () => {
    locale.set("zh-CN");
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    expect(screen.getByTestId("recs-potential")).toHaveTextContent("每月潜在节省");
    expect(screen.getAllByTestId("rec-row")[0]).toHaveTextContent("规格优化 · 规格过大的实例");
    expect(mockBackend.recommendations.recommendations).toHaveBeenCalledWith(expect.anything(), "zh-CN");
  });

  it("shows why recommendations could not be computed", async () => {
    mockBackend.recommendations.refreshRecommendations.mockRejectedValue({ code: "storage", message: "database is locked" });
    render(RecommendationsPage);
    expect(await screen.findByTestId("recs-error")).toHaveTextContent("database is locked");
  });
});

describe("Recommendations export", () => {
  it("writes the filtered list to the typed path in the chosen format and says how many rows", async () => {
    mockBackend.recommendations.exportRecommendations.mockResolvedValue(1);
    render(RecommendationsPage);
    await screen.findAllByTestId("rec-row");
    await fireEvent.change(screen.getByTestId("recs-filter-kind"), { target: { value: "idle" } });
    await waitFor(() => expect(rows()).not.toContain("r-vm"));
    const exporter = screen.getByTestId("recs-export");
    await fireEvent.click(within(exporter).getByTestId("export-toggle"));
    await fireEvent.click(within(exporter).getByTestId("export-format-xlsx"));
    await fireEvent.input(within(exporter).getByTestId("export-path"), { target: { value: "/tmp/savings.xlsx" } });
    await fireEvent.click(within(exporter).getByTestId("export-path-go"));
    await waitFor(() =>
      expect(mockBackend.recommendations.exportRecommendations).toHaveBeenCalledWith(
        { kinds: ["idle"], providers: [], status: null, search: null, display_currency: null },
        "en",
        "xlsx",
        "/tmp/savings.xlsx",
      ),
    );
    expect(await screen.findByTestId("recs-export-message")).toHaveTextContent("Exported 1 row to /tmp/savings.xlsx");
  });
});
