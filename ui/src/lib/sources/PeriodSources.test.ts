import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../../test/mockBackend";
import type { ScopeSourcesView, SourceOriginView } from "$lib/backend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../../test/mockBackend")).mockBackend,
}));

const { default: PeriodSources } = await import("./PeriodSources.svelte");
const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { readyStatus } = await import("../../test/fixtures/overview");

function origin(overrides: Partial<SourceOriginView>): SourceOriginView {
  return { origin: "cur", route: "bucket", detail: "itemised", complete: true, active: true, at: 1_736_000_000, ...overrides };
}

function sources(counted: "bucket" | "api"): ScopeSourcesView {
  const bucket = origin({ active: counted === "bucket" });
  const api = origin({ origin: "ce", route: "api", detail: "daily_summary", active: counted === "api" });
  return {
    scopes: [
      { provider: "AWS", billing_account: "111122223333", month: "2025-01", origins: counted === "bucket" ? [bucket, api] : [api, bucket] },
      // One source only: nothing to choose, not listed.
      { provider: "Alibaba Cloud", billing_account: "1888", month: "2025-01", origins: [origin({ origin: "file", route: "file" })] },
    ],
    preferences: counted === "api" ? [{ provider: "AWS", route: "api" }] : [],
  };
}

describe("PeriodSources", () => {
  beforeEach(() => {
    resetMockBackend();
    locale.current = "en";
    status.current = readyStatus();
  });

  it("lists the months fed twice with the source counted and the one kept aside", async () => {
    mockBackend.sources.scopeSources.mockResolvedValue(sources("bucket"));
    render(PeriodSources);
    const row = await screen.findByTestId("period-source-row");
    expect(screen.getAllByTestId("period-source-row")).toHaveLength(1);
    expect(row.dataset.provider).toBe("AWS");
    expect(row.dataset.counted).toBe("bucket");
    expect(within(row).getByTestId("period-source-counted").textContent).toBe("cur · Bucket export, itemised");
    expect(row.textContent).toContain("ce · Bill API, daily summary");
    const select = screen.getByTestId("source-preference") as HTMLSelectElement;
    expect(select.value).toBe("auto");
  });

  it("prefers a route for the provider and goes back to the automatic rule", async () => {
    mockBackend.sources.scopeSources.mockResolvedValue(sources("bucket"));
    render(PeriodSources);
    const select = (await screen.findByTestId("source-preference")) as HTMLSelectElement;
    mockBackend.sources.scopeSources.mockResolvedValue(sources("api"));
    await fireEvent.change(select, { target: { value: "api" } });
    expect(mockBackend.sources.setSourcePreference).toHaveBeenCalledWith("AWS", "api");
    await waitFor(() => expect(screen.getByTestId("period-source-row").dataset.counted).toBe("api"));
    expect((screen.getByTestId("source-preference") as HTMLSelectElement).value).toBe("api");

    mockBackend.sources.scopeSources.mockResolvedValue(sources("bucket"));
    await fireEvent.change(screen.getByTestId("source-preference"), { target: { value: "auto" } });
    expect(mockBackend.sources.setSourcePreference).toHaveBeenLastCalledWith("AWS", null);
  });

  it("reloads when the core announces a sync's end with the line count unchanged", async () => {
    mockBackend.sources.scopeSources.mockResolvedValue({ scopes: [], preferences: [] });
    render(PeriodSources);
    expect(await screen.findByText("Every month has one source.")).toBeTruthy();
    mockBackend.sources.scopeSources.mockResolvedValue(sources("bucket"));
    status.current = { ...readyStatus() };
    await waitFor(() => expect(screen.getByTestId("period-source-row").dataset.counted).toBe("bucket"));
    expect(mockBackend.sources.scopeSources).toHaveBeenCalledTimes(2);
  });

  it("says so when every month has one source, in Chinese too", async () => {
    mockBackend.sources.scopeSources.mockResolvedValue({ scopes: [], preferences: [] });
    locale.current = "zh-CN";
    render(PeriodSources);
    expect(await screen.findByText("每个月份只有一个来源。")).toBeTruthy();
    expect(screen.queryByTestId("source-preferences")).toBeNull();
  });
});
