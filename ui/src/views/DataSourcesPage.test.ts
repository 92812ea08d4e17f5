import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emitImport, mockBackend, resetMockBackend } from "../test/mockBackend";
import { readyStatus } from "../test/fixtures/overview";
import type { FileInspectionView, ImportReportView, ImportRunView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../test/mockBackend")).mockBackend,
}));

const { default: DataSourcesPage } = await import("./DataSourcesPage.svelte");
const { imports } = await import("$lib/state/imports.svelte");
const { status } = await import("$lib/state/status.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { BackendError } = await import("$lib/backend");

const inspection: FileInspectionView = {
  path: "/bills/aliyun-2025-01.csv",
  parts: 1,
  ignored: [],
  bytes: 2048,
  encoding: "CSV",
  columns: ["账期", "应付金额"],
  format: "alibaba",
  format_label: "Alibaba Cloud bill details",
  variant: "Alibaba Cloud (Chinese headers)",
  preview: [
    {
      line: 2,
      provider: "Alibaba Cloud",
      billing_account: "1234",
      sub_account: "5678",
      billing_period: "2025-01",
      charge_start: "2025-01-05 00:00",
      service: "云服务器 ECS",
      charge_category: "Usage",
      resource: "i-bp1",
      currency: "CNY",
      billed_cost: "1234.5",
      effective_cost: "1234.5",
    },
  ],
  problems: [],
  error: null,
};

const report: ImportReportView = {
  source: "/bills/aliyun-2025-01.csv",
  parts: ["/bills/aliyun-2025-01.csv"],
  ignored: [],
  format: "alibaba",
  format_label: "Alibaba Cloud bill details",
  variant: "Alibaba Cloud (Chinese headers)",
  encoding: "CSV",
  lenient: false,
  outcome: "imported",
  run_id: 7,
  rows: 12,
  lines: 11,
  bytes: 2048,
  skipped: [{ reason: "console total row (合计)", rows: 1 }],
  notes: [{ reason: 'currency written as "RMB" read as ISO 4217 CNY', rows: 3 }],
  problems: [],
  problem_count: 0,
  reconcile_on: "billed",
  reconciliation: [{ billing_period: "2025-01", currency: "CNY", file_total: "1234.5", stored_total: "1234.5", rounding: "0", lines: 11, matches: true }],
  restated: [{ run_id: 3, lines: 9 }],
  elapsed_ms: 40,
};

const run: ImportRunView = {
  run_id: 7,
  kind: "file",
  source: "/bills/aliyun-2025-01.csv",
  format: "alibaba",
  format_label: "Alibaba Cloud bill details",
  started_at: 1_764_000_000,
  finished_at: 1_764_000_001,
  lines: 11,
  lines_imported: 11,
  rows: 12,
  problem_count: 0,
  problems: [],
  totals: report.reconciliation,
  restated_by: [],
  replaced: [{ run_id: 3, lines: 9 }],
};

beforeEach(() => {
  resetMockBackend();
  imports.reset();
  status.reset();
  status.set(readyStatus());
  locale.set("en");
  mockBackend.imports.importFormats.mockResolvedValue([
    { id: "focus", label: "FOCUS" },
    { id: "alibaba", label: "Alibaba Cloud bill details" },
  ]);
  mockBackend.imports.inspectFile.mockResolvedValue(inspection);
});

async function stageTyped(path: string) {
  render(DataSourcesPage);
  await fireEvent.input(screen.getByTestId("path-input"), { target: { value: path } });
  await fireEvent.click(screen.getByTestId("path-add"));
  return await screen.findByTestId("staged-file");
}

describe("Data sources page", () => {
  it("shows what was detected and the first rows before importing", async () => {
    const card = await stageTyped("/bills/aliyun-2025-01.csv");
    expect(mockBackend.imports.inspectFile).toHaveBeenCalledWith("/bills/aliyun-2025-01.csv", null);
    await waitFor(() => expect(within(card).getByTestId("detected-format")).toHaveTextContent("Alibaba Cloud bill details · Alibaba Cloud (Chinese headers)"));
    const row = within(card).getByTestId("preview-row");
    expect(row).toHaveTextContent("云服务器 ECS");
    expect(row).toHaveTextContent("CN¥1,234.50");
  });

  it("re-inspects with a chosen format and sends it with the import", async () => {
    const card = await stageTyped("/bills/x.csv");
    await fireEvent.change(within(card).getByTestId("format-select"), { target: { value: "focus" } });
    await waitFor(() => expect(mockBackend.imports.inspectFile).toHaveBeenLastCalledWith("/bills/x.csv", "focus"));
    await fireEvent.click(screen.getByTestId("lenient"));
    await fireEvent.click(screen.getByTestId("import-start"));
    expect(mockBackend.imports.importFiles).toHaveBeenCalledWith({ files: [{ path: "/bills/x.csv", format: "focus" }], lenient: true });
  });

  it("refuses to start on an unrecognised file", async () => {
    mockBackend.imports.inspectFile.mockResolvedValue({ ...inspection, format: null, format_label: null, variant: "", preview: [] });
    const card = await stageTyped("/tmp/other.csv");
    await waitFor(() => expect(card).toHaveTextContent("does not recognise these columns"));
    expect(screen.getByTestId("import-start")).toBeDisabled();
  });

  it("waits for a file whose preview failed to be fixed or removed before importing the others", async () => {
    const good = await stageTyped("/bills/aliyun-2025-01.csv");
    await waitFor(() => expect(screen.getByTestId("import-start")).toBeEnabled());
    mockBackend.imports.inspectFile.mockRejectedValueOnce(new BackendError("invalid_input", "cannot read /bills/broken.csv"));
    await fireEvent.input(screen.getByTestId("path-input"), { target: { value: "/bills/broken.csv" } });
    await fireEvent.click(screen.getByTestId("path-add"));
    await waitFor(() => expect(screen.getByTestId("import-blocked")).toHaveTextContent("1 file could not be read or recognised"));
    expect(screen.getByTestId("import-start")).toBeDisabled();
    const broken = screen.getAllByTestId("staged-file").find((c) => c !== good)!;
    await fireEvent.click(within(broken).getByTestId("unstage"));
    await waitFor(() => expect(screen.getByTestId("import-start")).toBeEnabled());
    expect(screen.queryByTestId("import-blocked")).toBeNull();
  });

  it("follows progress, then shows the report with its reconciliation and the history", async () => {
    await stageTyped("/bills/aliyun-2025-01.csv");
    await waitFor(() => expect(screen.getByTestId("import-start")).toBeEnabled());
    await fireEvent.click(screen.getByTestId("import-start"));
    emitImport({
      kind: "progress",
      progress: { file: report.source, index: 1, files: 1, rows: 6, lines: 5, bytes: 1024, total_bytes: 2048, elapsed_ms: 500, rows_per_sec: 12, eta_secs: 1 },
    });
    const progress = await screen.findByTestId("import-progress");
    expect(within(progress).getByTestId("progress-bar")).toHaveAttribute("aria-valuenow", "50");
    expect(progress).toHaveTextContent("6 rows, 12 rows/s");

    mockBackend.imports.importHistory.mockResolvedValue([run]);
    emitImport({ kind: "finished", reports: [report] });
    const card = await screen.findByTestId("import-report");
    // A currency alias is read as its ISO code and said so.
    expect(within(card).getByTestId("import-note")).toHaveTextContent('currency written as "RMB" read as ISO 4217 CNY (3)');
    expect(card).toHaveAttribute("data-outcome", "imported");
    expect(card).toHaveTextContent("12 rows read, 11 cost lines stored");
    expect(card).toHaveTextContent("Replaced 9 lines of import #3");
    expect(within(card).getByTestId("reconciliation-row")).toHaveAttribute("data-matches", "true");
    expect(screen.queryByTestId("staged-file")).toBeNull();
    expect(await screen.findByTestId("history-row")).toHaveAttribute("data-run-id", "7");
  });

  it("lists every problem of a refused file", async () => {
    render(DataSourcesPage);
    emitImport({
      kind: "finished",
      reports: [
        {
          ...report,
          outcome: "refused",
          run_id: null,
          lines: 0,
          reconciliation: [],
          restated: [],
          problem_count: 1,
          problems: [{ file: "/b.csv", line: 998, column: "BilledCost", value: "twelve", expected: "a decimal number", text: "/b.csv, line 998, column BilledCost: 'twelve' is not a decimal number" }],
        },
      ],
    });
    const card = await screen.findByTestId("import-report");
    expect(card).toHaveAttribute("data-outcome", "refused");
    expect(within(card).getByTestId("problem")).toHaveTextContent("line 998, column BilledCost: 'twelve' is not a decimal number");
  });

  it("removes an import after confirmation", async () => {
    mockBackend.imports.importHistory.mockResolvedValue([run]);
    render(DataSourcesPage);
    await fireEvent.click(await screen.findByTestId("history-remove"));
    await fireEvent.click(await screen.findByTestId("confirm-ok"));
    await waitFor(() => expect(mockBackend.imports.removeImport).toHaveBeenCalledWith(7));
  });
});

describe("FOCUS export", () => {
  it("exports a date range to a typed path and reports the lines", async () => {
    mockBackend.imports.exportFocus.mockResolvedValue({ path: "/tmp/out.parquet", lines: 1234, extra_columns: [] });
    render(DataSourcesPage);
    await fireEvent.input(screen.getByTestId("export-from"), { target: { value: "2025-01-01" } });
    await fireEvent.input(screen.getByTestId("export-path"), { target: { value: "/tmp/out.parquet" } });
    await fireEvent.click(screen.getByTestId("export-path-go"));
    await waitFor(() => expect(screen.getByTestId("export-result")).toHaveTextContent("Exported 1,234 cost lines to /tmp/out.parquet"));
    expect(mockBackend.imports.exportFocus).toHaveBeenCalledWith("/tmp/out.parquet", expect.objectContaining({ from: "2025-01-01", to: null, run_id: null }));
  });

  it("uses the save dialog and does nothing when it is cancelled", async () => {
    render(DataSourcesPage);
    await fireEvent.click(screen.getByTestId("export-choose"));
    await waitFor(() => expect(mockBackend.dialogs.pickExportPath).toHaveBeenCalledWith("cloudlens-focus-1.2.parquet"));
    expect(mockBackend.imports.exportFocus).not.toHaveBeenCalled();
  });
});
