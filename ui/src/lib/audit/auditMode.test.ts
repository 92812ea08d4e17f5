import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../../test/mockBackend";
import { readyStatus } from "../../test/fixtures/overview";
import type { AuditModeView, PackCheckView } from "../backend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../../test/mockBackend")).mockBackend,
}));

const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { rates } = await import("$lib/state/currencyRates.svelte");
const { default: AuditBanner } = await import("./AuditBanner.svelte");
const { default: OpenPackCard } = await import("./OpenPackCard.svelte");
const pages = {
  currency: (await import("../../views/CurrencyPage.svelte")).default,
  budgets: (await import("../../views/BudgetsPage.svelte")).default,
  alerts: (await import("../../views/AlertsPage.svelte")).default,
  reports: (await import("../../views/ReportsPage.svelte")).default,
  settings: (await import("../../views/SettingsPage.svelte")).default,
  dataSources: (await import("../../views/DataSourcesPage.svelte")).default,
};

const KEY = "7f3a".repeat(16);
const verified: PackCheckView = {
  verified: true, encrypted: false, signer: KEY, created_at: "2026-05-02T08:00:00Z", created_by: "ana",
  from: "2026-01", to: "2026-03", filters: [], lines: 1200, members_checked: 9, log_entries: 14, problem: null,
};

function audit(view: AuditModeView | null) {
  status.set(readyStatus({ audit: view }));
}

beforeEach(() => {
  resetMockBackend();
  rates.reset();
  locale.set("en");
  status.reset();
  mockBackend.currency.exchangeRates.mockResolvedValue([{ date: "2025-01-01", from: "USD", to: "CNY", rate: "7.1884" }]);
  mockBackend.alerts.alertChannels.mockResolvedValue([{ name: "ops", kind: "desktop", language: "en", host: null, signed: false, ready: true, created_at: "2026-05-01T00:00:00Z" }]);
  mockBackend.reports.savedReports.mockResolvedValue([
    { name: "Monthly", saved_at: "2026-05-01T00:00:00Z", definition: { title: "Monthly", period: { relative: "last_month" }, currency: null, language: "en", metric: "billed", sections: [{ kind: "overview" }] } },
  ]);
});

describe("audit mode hides editing controls", () => {
  it("on the currency page: no rate form, no edit or remove", async () => {
    audit({ origin: "setting", pack: null });
    render(pages.currency);
    await screen.findAllByTestId("rate-row");
    expect(screen.queryByTestId("rate-submit")).toBeNull();
    expect(screen.queryByTestId("rate-edit")).toBeNull();
    expect(screen.queryByTestId("rate-remove")).toBeNull();
  });

  it("shows the same controls when the store is writable", async () => {
    audit(null);
    render(pages.currency);
    await screen.findAllByTestId("rate-row");
    expect(screen.getByTestId("rate-submit")).toBeInTheDocument();
    expect(screen.getByTestId("rate-edit")).toBeInTheDocument();
  });

  it("on budgets, alerts, reports, data sources and settings", async () => {
    audit({ origin: "flag", pack: null });
    const budgets = render(pages.budgets);
    await waitFor(() => expect(mockBackend.budgets.budgets).toHaveBeenCalled());
    expect(screen.queryByTestId("budget-new")).toBeNull();
    budgets.unmount();

    const alerts = render(pages.alerts);
    await waitFor(() => expect(mockBackend.alerts.alertChannels).toHaveBeenCalled());
    expect(screen.queryByTestId("alerts-evaluate")).toBeNull();
    expect(screen.queryByTestId("channel-remove")).toBeNull();
    expect(screen.queryByTestId("channel-form")).toBeNull();
    alerts.unmount();

    const reports = render(pages.reports);
    await screen.findAllByTestId("saved-report");
    expect(screen.queryByTestId("report-save")).toBeNull();
    expect(screen.queryByTestId("saved-report-remove")).toBeNull();
    // Views, previews and exports keep working.
    expect(screen.getByTestId("report-export")).toBeInTheDocument();
    expect(screen.getByTestId("report-preview")).toBeInTheDocument();
    reports.unmount();

    const sources = render(pages.dataSources);
    expect(screen.queryByTestId("import-card")).toBeNull();
    expect(screen.queryByTestId("add-connection-card")).toBeNull();
    expect(screen.getByTestId("export-card")).toBeInTheDocument();
    sources.unmount();

    render(pages.settings);
    expect(screen.queryByTestId("day-zone-card")).toBeNull();
    expect(screen.queryByTestId("alert-settings-card")).toBeNull();
    expect(screen.queryByTestId("recs-thresholds-card")).toBeNull();
    expect(screen.queryByTestId("restore-choose")).toBeNull();
    expect(screen.getByTestId("audit-mode-switch")).toBeDisabled();
    expect(screen.getByTestId("audit-mode-locked")).toBeInTheDocument();
  });
});

describe("the audit banner", () => {
  it("says why the store is read-only", () => {
    render(AuditBanner, { view: { origin: "setting", pack: null } });
    expect(screen.getByTestId("audit-banner")).toHaveTextContent("The audit mode setting is on");
    expect(screen.queryByTestId("audit-close-pack")).toBeNull();
  });

  it("shows an open pack's signer in full and closes it", async () => {
    render(AuditBanner, { view: { origin: "pack", pack: verified } });
    expect(screen.getByTestId("audit-banner-signer")).toHaveTextContent(KEY);
    expect(screen.getByTestId("audit-banner-check")).toHaveTextContent("Verified, signed by");
    await fireEvent.click(screen.getByTestId("audit-close-pack"));
    expect(mockBackend.audit.closeAuditPack).toHaveBeenCalled();
  });

  it("reads in Chinese", () => {
    locale.set("zh-CN");
    render(AuditBanner, { view: { origin: "pack", pack: verified } });
    expect(screen.getByTestId("audit-banner")).toHaveTextContent("审计模式：只读");
  });
});

describe("opening a pack", () => {
  it("opens a typed path and shows the signer", async () => {
    mockBackend.audit.openAuditPack.mockResolvedValue(verified);
    render(OpenPackCard);
    await fireEvent.input(screen.getByTestId("open-pack-path"), { target: { value: "/media/usb/q1.clpack" } });
    await fireEvent.click(screen.getByTestId("open-pack-open"));
    const check = await screen.findByTestId("open-pack-check");
    expect(mockBackend.audit.openAuditPack).toHaveBeenCalledWith("/media/usb/q1.clpack", null, null);
    expect(check).toHaveAttribute("data-verified", "true");
    expect(check).toHaveTextContent(KEY);
  });

  it("names the member and the check that failed", async () => {
    mockBackend.audit.openAuditPack.mockResolvedValue({
      ...verified, verified: false,
      problem: { kind: "member_changed", member: "lines.parquet", message: "SHA-256 differs from the manifest" },
    });
    render(OpenPackCard);
    await fireEvent.input(screen.getByTestId("open-pack-path"), { target: { value: "/tmp/bad.clpack" } });
    await fireEvent.click(screen.getByTestId("open-pack-open"));
    const check = await screen.findByTestId("open-pack-check");
    expect(check).toHaveAttribute("data-verified", "false");
    expect(check).toHaveTextContent("member lines.parquet failed the check (member_changed): SHA-256 differs from the manifest");
  });
});
