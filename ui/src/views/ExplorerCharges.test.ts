// The Explorer's charge-type toggles, spreading, the partial last period
// and shortened resource ids, against the mocked backend.
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend, resetMockExplorerBackend } from "../test/mockBackend";
import { overviewFixture, readyStatus } from "../test/fixtures/overview";
import { compareResult, exploreResult } from "../test/fixtures/explorer";
import type { ExploreQuery } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const api = mockBackend.explore;
const { default: ExplorerPage } = await import("./ExplorerPage.svelte");
const { explorer } = await import("$lib/state/explorer.svelte");
const { overview } = await import("$lib/state/overview.svelte");
const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { metric } = await import("$lib/state/metric.svelte");

function lastQuery(): ExploreQuery {
  const call = api.explore.mock.lastCall;
  if (!call) throw new Error("explore was not called");
  return call[0] as ExploreQuery;
}

beforeEach(() => {
  resetMockBackend();
  resetMockExplorerBackend();
  explorer.reset();
  status.reset();
  status.set(readyStatus());
  overview.reset();
  overview.data = overviewFixture;
  locale.set("en");
  metric.set("billed");
  api.explore.mockImplementation(async (q: ExploreQuery) => exploreResult(q));
  api.compare.mockResolvedValue(compareResult());
});

describe("Explorer charge types", () => {
  it("hides a charge type through the query, says what is hidden, and spreads on request", async () => {
    render(ExplorerPage);
    await screen.findByTestId("explorer-table");
    expect(screen.getByTestId("charge-type-tax")).toHaveAttribute("aria-pressed", "true");
    expect(screen.queryByTestId("charge-types-hidden")).toBeNull();

    await fireEvent.click(screen.getByTestId("charge-type-tax"));
    await waitFor(() =>
      expect(lastQuery().filters).toEqual([{ dimension: "charge_type", values: ["tax"], exclude: true }]),
    );
    expect(screen.getByTestId("charge-type-tax")).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("charge-types-hidden")).toHaveTextContent("Hidden: Taxes");
    // The toggles own that filter: no chip for it.
    expect(screen.queryAllByTestId("filter-chip")).toHaveLength(0);

    await fireEvent.click(screen.getByTestId("spread-toggle"));
    await waitFor(() => expect(lastQuery().spread_periods).toBe(true));
  });

  it("names an incomplete last period and shortens long resource ids with the full id on hover", async () => {
    const arn = "arn:aws:ec2:us-east-1:123456789012:instance/i-0f1e2d3c4b5a69788";
    api.explore.mockImplementation(async (q: ExploreQuery) => {
      const r = exploreResult(q);
      return {
        ...r,
        partial_period: "2025-11-25",
        rows: [{ period: "2025-11-25", groups: [arn], amount: "5", currency: "CNY" }],
        totals: [{ groups: [arn], amount: "5", currency: "CNY", share: "100.00", other: false }],
        grand_totals: [{ currency: "CNY", amount: "5" }],
      };
    });
    render(ExplorerPage);
    await screen.findByTestId("explorer-table");
    explorer.updateQuery({ group_by: ["resource"] });
    const note = await screen.findByTestId("explorer-partial");
    expect(note).toHaveTextContent("incomplete");
    const link = await screen.findByTestId("resource-link");
    expect(link).toHaveTextContent("…/i-0f1e2d3c4b5a69788");
    expect(link).toHaveAttribute("title", arn);
  });

  it("speaks Chinese", async () => {
    locale.set("zh-CN");
    render(ExplorerPage);
    await screen.findByTestId("explorer-table");
    expect(screen.getByTestId("charge-type-credit")).toHaveTextContent("抵扣");
    expect(screen.getByTestId("charge-types-hint")).toHaveTextContent("零线以下");
  });
});
