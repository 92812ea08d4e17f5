// A vi.fn() for every gateway call. Tests install it with
//   vi.mock("$lib/backend", async (original) => ({ ...(await original()), backend: mockBackend }))
// and drive store status events through emitStatus().
import { vi } from "vitest";
import type { ImportEvent, StoreStatus } from "../lib/backend";

let listener: ((status: StoreStatus) => void) | null = null;
let importListener: ((event: ImportEvent) => void) | null = null;

export function emitImport(event: ImportEvent): void {
  if (!importListener) throw new Error("nobody listens to import updates");
  importListener(event);
}

export const mockBackend = {
  storeStatus: vi.fn<() => Promise<StoreStatus>>(),
  overview: vi.fn(),
  unlock: vi.fn<(passphrase: string) => Promise<void>>(),
  loadDemo: vi.fn<() => Promise<void>>(),
  removeDemo: vi.fn<() => Promise<void>>(),
  uiPainted: vi.fn<() => Promise<void>>(),
  importFormats: vi.fn(async () => [] as { id: string; label: string }[]),
  pickBillFiles: vi.fn(async () => [] as string[]),
  inspectFile: vi.fn(),
  importFiles: vi.fn(async () => undefined),
  cancelImport: vi.fn(async () => undefined),
  importHistory: vi.fn(async () => [] as unknown[]),
  removeImport: vi.fn(async () => undefined),
  pickExportPath: vi.fn(async (_suggested: string) => null as string | null),
  exportFocus: vi.fn(),
  onImportUpdate: vi.fn(async (callback: (event: ImportEvent) => void) => {
    importListener = callback;
    return () => {
      importListener = null;
    };
  }),
  onFilesDropped: vi.fn(async (_callback: (paths: string[]) => void) => () => {}),
  onStoreStatusChanged: vi.fn(async (callback: (status: StoreStatus) => void) => {
    listener = callback;
    return () => {
      listener = null;
    };
  }),
};

export function emitStatus(status: StoreStatus): void {
  if (!listener) throw new Error("nobody listens to store status changes");
  listener(status);
}

/** Back to a clean slate; call in beforeEach. */
export function resetMockBackend(): void {
  listener = null;
  for (const fn of Object.values(mockBackend)) fn.mockReset();
  mockBackend.onStoreStatusChanged.mockImplementation(async (callback) => {
    listener = callback;
    return () => {
      listener = null;
    };
  });
  mockBackend.unlock.mockResolvedValue(undefined);
  mockBackend.loadDemo.mockResolvedValue(undefined);
  mockBackend.removeDemo.mockResolvedValue(undefined);
  mockBackend.uiPainted.mockResolvedValue(undefined);
  importListener = null;
  mockBackend.importFormats.mockResolvedValue([]);
  mockBackend.pickBillFiles.mockResolvedValue([]);
  mockBackend.importFiles.mockResolvedValue(undefined);
  mockBackend.cancelImport.mockResolvedValue(undefined);
  mockBackend.importHistory.mockResolvedValue([]);
  mockBackend.removeImport.mockResolvedValue(undefined);
  mockBackend.pickExportPath.mockResolvedValue(null);
  mockBackend.onImportUpdate.mockImplementation(async (callback) => {
    importListener = callback;
    return () => {
      importListener = null;
    };
  });
  mockBackend.onFilesDropped.mockImplementation(async () => () => {});
}

// ---- Explorer (issue 4): mocks of explorerBackend ----
// Install with
//   vi.mock("$lib/backend", async (original) => ({ ...(await original()), backend: mockBackend, explorerBackend: mockExplorerBackend }))

export const mockExplorerBackend = {
  explore: vi.fn(),
  dimensions: vi.fn(),
  dimensionValues: vi.fn(),
  compare: vi.fn(),
  resourceDetail: vi.fn(),
  exportTable: vi.fn(),
  pickSavePath: vi.fn(),
  exchangeRates: vi.fn(),
  savedViews: vi.fn(),
  saveView: vi.fn(),
  removeView: vi.fn(),
  viewLink: vi.fn(),
  openViewLink: vi.fn(),
};

/** Back to empty answers; call in beforeEach. */
export function resetMockExplorerBackend(): void {
  for (const fn of Object.values(mockExplorerBackend)) fn.mockReset();
  mockExplorerBackend.dimensions.mockResolvedValue({ dimensions: ["provider", "service", "resource", "tag:env"] });
  mockExplorerBackend.dimensionValues.mockResolvedValue({ dimension: "service", values: [], truncated: false });
  mockExplorerBackend.exchangeRates.mockResolvedValue([]);
  mockExplorerBackend.savedViews.mockResolvedValue([]);
  mockExplorerBackend.pickSavePath.mockResolvedValue(null);
  mockExplorerBackend.removeView.mockResolvedValue(undefined);
}
// ---- end Explorer ----
