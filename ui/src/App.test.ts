import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emitStatus, mockBackend, resetMockBackend } from "./test/mockBackend";
import { billedFixture, overviewFixture, readyStatus } from "./test/fixtures/overview";
import type { StoreStatus } from "./lib/backend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("./test/mockBackend")).mockBackend,
}));

// Imported after the mock so the stores see the mocked gateway.
const { default: App } = await import("./App.svelte");
const { BackendError } = await import("$lib/backend");
const { status } = await import("$lib/state/status.svelte");
const { overview } = await import("$lib/state/overview.svelte");
const { metric } = await import("$lib/state/metric.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { navigation } = await import("$lib/state/navigation.svelte");

/** The Overview asks for every charge type, unspread, until the user toggles. */
const ALL_CHARGES = { hidden: [], spread_periods: false };

const base: StoreStatus = { state: "opening", lines: 0, demo: false, progress: null, error: null, audit: null, secrets_in_store: false };

function start(initial: StoreStatus) {
  mockBackend.session.storeStatus.mockResolvedValue(initial);
  return render(App);
}

function twoFrames(): Promise<void> {
  return new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

beforeEach(() => {
  resetMockBackend();
  mockBackend.overview.overview.mockImplementation(async (m: string) => (m === "billed" ? billedFixture : overviewFixture));
  status.reset();
  overview.reset();
  metric.reset();
  navigation.reset();
  localStorage.clear();
  locale.set("en");
});

describe("startup and status flow", () => {
  it("shows a calm loading screen while the store opens", async () => {
    start(base);
    expect(await screen.findByTestId("status-opening")).toBeInTheDocument();
    expect(mockBackend.on.storeStatusChanged).toHaveBeenCalled();
  });

  it("shows demo loading progress with lines and percentage", async () => {
    start({ ...base, state: "loading_demo", demo: true, progress: { done: 250_000, total: 1_000_000 } });
    const screenEl = await screen.findByTestId("status-loading");
    const bar = within(screenEl).getByTestId("progress-bar");
    expect(bar).toHaveAttribute("aria-valuenow", "25");
    expect(screenEl).toHaveTextContent("250,000 of 1,000,000 cost lines");
    expect(screenEl).toHaveTextContent("25%");
    expect(screenEl).toHaveTextContent("Preparing the demo dataset");

    emitStatus({ ...base, state: "loading_demo", demo: true, progress: { done: 900_000, total: 1_000_000 } });
    await waitFor(() => expect(within(screenEl).getByTestId("progress-bar")).toHaveAttribute("aria-valuenow", "90"));
  });

  it("shows the error panel when the store failed", async () => {
    start({ ...base, state: "failed", error: { code: "storage", message: "database disk image is malformed" } });
    const panel = await screen.findByTestId("status-failed");
    expect(panel).toHaveTextContent("database disk image is malformed");
    expect(panel).toHaveTextContent("storage");
  });

  it("follows events: an event that beats the initial answer wins", async () => {
    let answer: (s: StoreStatus) => void = () => {};
    mockBackend.session.storeStatus.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    render(App);
    await waitFor(() => expect(mockBackend.on.storeStatusChanged).toHaveBeenCalled());
    emitStatus(readyStatus());
    answer(base); // stale: sent before the event
    expect(await screen.findByTestId("overview")).toBeInTheDocument();
    expect(screen.queryByTestId("status-opening")).toBeNull();
  });

  it("fetches the overview when the store becomes ready", async () => {
    start({ ...base, state: "loading_demo", demo: true, progress: { done: 1, total: 2 } });
    await screen.findByTestId("status-loading");
    expect(mockBackend.overview.overview).not.toHaveBeenCalled();
    emitStatus(readyStatus({ demo: true }));
    expect(await screen.findByTestId("overview")).toBeInTheDocument();
    expect(mockBackend.overview.overview).toHaveBeenCalledWith("effective", null, "en", ALL_CHARGES);
    // The first painted dashboard is reported once, for the startup figure;
    // later renders do not report again.
    await waitFor(() => expect(mockBackend.session.uiPainted).toHaveBeenCalled());
    await twoFrames();
    const reported = mockBackend.session.uiPainted.mock.calls.length;
    await fireEvent.click(screen.getByTestId("metric-billed"));
    await waitFor(() => expect(mockBackend.overview.overview).toHaveBeenLastCalledWith("billed", null, "en", ALL_CHARGES));
    await twoFrames();
    expect(mockBackend.session.uiPainted.mock.calls.length).toBe(reported);
  });
});

describe("passphrase", () => {
  it("unlocks with the passphrase", async () => {
    start({ ...base, state: "needs_passphrase" });
    const form = await screen.findByTestId("passphrase-form");
    await fireEvent.input(within(form).getByTestId("passphrase-input"), { target: { value: "correct horse" } });
    await fireEvent.click(within(form).getByTestId("passphrase-submit"));
    expect(mockBackend.session.unlock).toHaveBeenCalledWith("correct horse");
  });

  it("shows the wrong-key error", async () => {
    mockBackend.session.unlock.mockRejectedValue(new BackendError("wrong_key", "the key does not open this store"));
    start({ ...base, state: "needs_passphrase" });
    const form = await screen.findByTestId("passphrase-form");
    await fireEvent.input(within(form).getByTestId("passphrase-input"), { target: { value: "nope" } });
    await fireEvent.click(within(form).getByTestId("passphrase-submit"));
    const error = await within(form).findByTestId("passphrase-error");
    expect(error).toHaveAttribute("data-code", "wrong_key");
    expect(error).toHaveTextContent("That passphrase does not open this data store.");
    expect(error).toHaveTextContent("the key does not open this store");
    expect(within(form).getByTestId("passphrase-input")).toHaveAttribute("aria-invalid", "true");
  });

  it("asks for a passphrase before calling the core", async () => {
    start({ ...base, state: "needs_passphrase" });
    const form = await screen.findByTestId("passphrase-form");
    await fireEvent.click(within(form).getByTestId("passphrase-submit"));
    expect(await within(form).findByTestId("passphrase-error")).toHaveTextContent("Enter your passphrase.");
    expect(mockBackend.session.unlock).not.toHaveBeenCalled();
  });
});

describe("demo data", () => {
  it("shows the demo banner and removes demo data after confirmation", async () => {
    start(readyStatus({ demo: true }));
    const banner = await screen.findByTestId("demo-banner");
    expect(banner).toHaveTextContent("You are looking at demo data");
    await fireEvent.click(within(banner).getByTestId("demo-remove"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(mockBackend.session.removeDemo).not.toHaveBeenCalled();
    await fireEvent.click(within(dialog).getByTestId("confirm-ok"));
    expect(mockBackend.session.removeDemo).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
  });

  it("cancelling the confirmation keeps the data", async () => {
    start(readyStatus({ demo: true }));
    await fireEvent.click(await screen.findByTestId("demo-remove"));
    await fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
    expect(mockBackend.session.removeDemo).not.toHaveBeenCalled();
  });

  it("has no banner for real data", async () => {
    start(readyStatus());
    await screen.findByTestId("overview");
    expect(screen.queryByTestId("demo-banner")).toBeNull();
  });

  it("offers the demo dataset when the store is empty", async () => {
    start(readyStatus({ lines: 0 }));
    const empty = await screen.findByTestId("empty-state");
    expect(empty).toHaveTextContent("Data sources page");
    expect(mockBackend.overview.overview).not.toHaveBeenCalled();
    await fireEvent.click(within(empty).getByTestId("load-demo"));
    expect(mockBackend.session.loadDemo).toHaveBeenCalledTimes(1);
  });

  it("leads from the empty store to the Data sources page", async () => {
    start(readyStatus({ lines: 0 }));
    await fireEvent.click(await screen.findByTestId("empty-import"));
    expect(await screen.findByTestId("data-sources")).toBeInTheDocument();
    expect(screen.getByTestId("drop-zone")).toBeInTheDocument();
  });

  it("holds analysis pages while an import runs", async () => {
    start({ ...readyStatus(), state: "importing", progress: { done: 50, total: 200 } });
    const busy = await screen.findByTestId("status-importing");
    expect(within(busy).getByTestId("progress-bar")).toHaveAttribute("aria-valuenow", "25");
    expect(screen.getByTestId("data-status")).toHaveTextContent("Importing 25%");
  });
});

describe("top bar", () => {
  it("switches the language of the navigation and <html lang>", async () => {
    start(readyStatus());
    const nav = await screen.findByTestId("nav-overview");
    expect(nav).toHaveTextContent("Overview");
    const select = screen.getByTestId("lang-switch") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["en", "zh-CN"]);

    await fireEvent.change(select, { target: { value: "zh-CN" } });

    expect(screen.getByTestId("nav-overview")).toHaveTextContent("概览");
    expect(document.documentElement.lang).toBe("zh-CN");
    expect(localStorage.getItem("cloudlens.locale")).toBe("zh-CN");
    expect(screen.getByTestId("metric-effective")).toHaveTextContent("有效成本（摊销）");
    // The tray menu, outside the window, is told too.
    expect(mockBackend.session.setUiLocale).toHaveBeenCalledWith("en");
    await waitFor(() => expect(mockBackend.session.setUiLocale).toHaveBeenLastCalledWith("zh-CN"));
  });

  it("defaults to effective cost and refetches for billed", async () => {
    start(readyStatus());
    await screen.findByTestId("overview");
    expect(screen.getByTestId("metric-effective")).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByTestId("metric-billed")).toHaveAttribute("aria-pressed", "false");
    expect(mockBackend.overview.overview).toHaveBeenLastCalledWith("effective", null, "en", ALL_CHARGES);

    await fireEvent.click(screen.getByTestId("metric-billed"));

    expect(screen.getByTestId("metric-billed")).toHaveAttribute("aria-pressed", "true");
    expect(mockBackend.overview.overview).toHaveBeenLastCalledWith("billed", null, "en", ALL_CHARGES);
    await waitFor(() =>
      expect(document.querySelector("[data-testid=kpi-mtd][data-currency=CNY]")).toHaveAttribute("data-amount", "1301020.000000"),
    );
  });

  it("shows the overview error with a retry", async () => {
    mockBackend.overview.overview.mockRejectedValueOnce(new BackendError("busy", "store is busy"));
    start(readyStatus());
    const panel = await screen.findByTestId("overview-error");
    expect(panel).toHaveTextContent("CloudLens is busy");
    await fireEvent.click(within(panel).getByRole("button"));
    expect(await screen.findByTestId("overview")).toBeInTheDocument();
  });
});
