import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { AuditEntryView, SavedReport } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: ReportsPage } = await import("./ReportsPage.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const monthly: SavedReport = {
  name: "Monthly",
  definition: {
    title: "Monthly",
    period: { relative: "last_three_months" },
    currency: "CNY",
    language: "en",
    metric: "billed",
    sections: [{ kind: "overview" }, { kind: "explorer", title: "Team view", query: null, saved_view: "Team view" }],
  },
  saved_at: "2026-05-01T00:00:00Z",
};

const exported: AuditEntryView = {
  seq: 12,
  at: "2026-05-02T08:00:00Z",
  os_user: "ana",
  action: "report.export",
  object: "/tmp/monthly.pdf",
  before: null,
  after: "pdf, 20480 bytes",
  hash: "ab",
};

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.reports.savedReports.mockResolvedValue([monthly]);
  mockBackend.explore.savedViews.mockResolvedValue([{ name: "Team view" } as never]);
  mockBackend.audit.auditLog.mockResolvedValue([exported]);
});

describe("Reports page", () => {
  it("lists saved definitions and the exports the audit log recorded", async () => {
    render(ReportsPage);
    expect(await screen.findByTestId("saved-report")).toHaveTextContent("Monthly");
    expect(await screen.findByTestId("audit-entry")).toHaveTextContent("/tmp/monthly.pdf");
    expect(mockBackend.audit.auditLog).toHaveBeenCalledWith({ action: "report.export", text: null, from: null, to: null });
  });

  it("refuses a report without a title and exports the definition the form shows", async () => {
    mockBackend.dialogs.pickSavePath.mockResolvedValue("/tmp/q.pdf");
    mockBackend.reports.exportReport.mockResolvedValue({ path: "/tmp/q.pdf", format: "pdf", bytes: 2048, sections: 2, missing_characters: "" });
    render(ReportsPage);
    await fireEvent.click(await screen.findByTestId("report-export"));
    expect(screen.getByTestId("report-problem")).toHaveTextContent("Give the report a title.");
    expect(mockBackend.reports.exportReport).not.toHaveBeenCalled();

    await fireEvent.click(await screen.findByTestId("saved-report-open"));
    await fireEvent.click(screen.getByTestId("report-export"));
    await waitFor(() => expect(mockBackend.reports.exportReport).toHaveBeenCalled());
    const [definition, format, path] = mockBackend.reports.exportReport.mock.calls[0] ?? [];
    if (!definition) throw new Error("exportReport was not called");
    expect(format).toBe("pdf");
    expect(path).toBe("/tmp/q.pdf");
    expect(definition.period).toEqual({ relative: "last_three_months" });
    expect(definition.currency).toBe("CNY");
    expect(definition.sections.map((s) => s.kind)).toEqual(["overview", "explorer"]);
    expect(await screen.findByTestId("report-exported")).toHaveTextContent("Wrote /tmp/q.pdf (2.0 KB, 2 sections).");
  });

  it("says whether the period's totals reconcile", async () => {
    mockBackend.reports.reportReconciliation.mockResolvedValue({
      scopes: [
        {
          provider: "Alibaba Cloud",
          billing_account: "1",
          month: "2026-04",
          currency: "CNY",
          store_total: "10.00",
          lines: 3,
          parts: [],
          provider_total: "10.00",
          invoice: "10.01",
          invoice_id: null,
          checks: [
            { reference: "provider", amount: "10.00", difference: "0", outcome: "matches", explanation: [] },
            { reference: "invoice", amount: "10.01", difference: "0.01", outcome: "unexplained", explanation: [] },
          ],
        },
      ],
    } as never);
    render(ReportsPage);
    await fireEvent.click(await screen.findByTestId("report-verify"));
    const result = await screen.findByTestId("report-verify-result");
    expect(result).toHaveTextContent("1 of 2 totals differ");
    expect(result.dataset.ok).toBe("false");
  });

  it("speaks Chinese", async () => {
    locale.set("zh-CN");
    render(ReportsPage);
    expect(await screen.findByText("生成报告")).toBeInTheDocument();
    expect(screen.getByText("已保存的报告")).toBeInTheDocument();
  });
});
