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
// ---- Allocation and currency (issue 4, allocation UI) -------------------------
// Install beside `backend`: `allocationBackend: mockAllocationBackend`.
import type { ExchangeRate, RuleSet } from "../lib/backend";

const emptyRules = (): RuleSet => ({ virtual_tags: [], shared_costs: [] });

export const mockAllocationBackend = {
  rules: vi.fn(async () => emptyRules()),
  rulesAt: vi.fn(async (_version: number) => emptyRules()),
  ruleVersions: vi.fn(async () => [] as { version: number; saved_at: string; note: string }[]),
  saveRules: vi.fn(),
  previewRules: vi.fn(),
  exchangeRates: vi.fn(async () => [] as ExchangeRate[]),
  setExchangeRate: vi.fn(async (_rate: ExchangeRate) => undefined),
  removeExchangeRate: vi.fn(async (_rate: ExchangeRate) => undefined),
  importExchangeRates: vi.fn(),
  pickOpenFile: vi.fn(async (_name: string, _extensions: string[]) => null as string | null),
  pickSavePath: vi.fn(async (_suggested: string, _name: string, _extensions: string[]) => null as string | null),
  dimensions: vi.fn(async () => ({ dimensions: [] as string[] })),
  dimensionValues: vi.fn(async (dimension: string) => ({ dimension, values: [] as (string | null)[], truncated: false })),
  explore: vi.fn(),
  exportTable: vi.fn(),
};

/** Back to the defaults above; call in beforeEach of allocation/currency tests. */
export function resetMockAllocationBackend(): void {
  for (const fn of Object.values(mockAllocationBackend)) fn.mockReset();
  mockAllocationBackend.rules.mockImplementation(async () => emptyRules());
  mockAllocationBackend.rulesAt.mockImplementation(async () => emptyRules());
  mockAllocationBackend.ruleVersions.mockResolvedValue([]);
  mockAllocationBackend.exchangeRates.mockResolvedValue([]);
  mockAllocationBackend.setExchangeRate.mockResolvedValue(undefined);
  mockAllocationBackend.removeExchangeRate.mockResolvedValue(undefined);
  mockAllocationBackend.pickOpenFile.mockResolvedValue(null);
  mockAllocationBackend.pickSavePath.mockResolvedValue(null);
  mockAllocationBackend.dimensions.mockResolvedValue({ dimensions: [] });
  mockAllocationBackend.dimensionValues.mockImplementation(async (dimension: string) => ({ dimension, values: [], truncated: false }));
}
// ---- end allocation and currency ----------------------------------------------

// ---- Provider connections and sync (issue 5) -------------------------------
// Install with `syncBackend: (await import("../test/mockBackend")).mockSyncBackend`
// in the vi.mock factory; drive sync-update events through emitSync().
import type {
  AddConnectionRequest,
  ConnectionTestView,
  ConnectionView,
  PolicyGuideView,
  ScheduleView,
  SyncEvent,
  SyncRequest,
  SyncRunView,
} from "../lib/backend";

let syncListener: ((event: SyncEvent) => void) | null = null;

export function emitSync(event: SyncEvent): void {
  if (!syncListener) throw new Error("nobody listens to sync updates");
  syncListener(event);
}

const syncDefaults = {
  connections: async (): Promise<ConnectionView[]> => [],
  addConnection: async (_request: AddConnectionRequest): Promise<ConnectionView> => {
    throw new Error("addConnection is not mocked");
  },
  testConnection: async (_name: string): Promise<ConnectionTestView> => {
    throw new Error("testConnection is not mocked");
  },
  removeConnection: async (_name: string): Promise<void> => undefined,
  policyGuide: async (provider: string): Promise<PolicyGuideView> => ({
    provider,
    managed_policies: [],
    custom_policy: "{}",
    actions: [],
  }),
  syncNow: async (_request: SyncRequest): Promise<void> => undefined,
  cancelSync: async (): Promise<void> => undefined,
  syncHistory: async (_connection: string | null): Promise<SyncRunView[]> => [],
  schedule: async (): Promise<ScheduleView> => ({ every_hours: null }),
  setSchedule: async (_schedule: ScheduleView): Promise<void> => undefined,
  onSyncUpdate: async (callback: (event: SyncEvent) => void): Promise<() => void> => {
    syncListener = callback;
    return () => {
      syncListener = null;
    };
  },
};

export const mockSyncBackend = {
  connections: vi.fn(syncDefaults.connections),
  addConnection: vi.fn(syncDefaults.addConnection),
  testConnection: vi.fn(syncDefaults.testConnection),
  removeConnection: vi.fn(syncDefaults.removeConnection),
  policyGuide: vi.fn(syncDefaults.policyGuide),
  syncNow: vi.fn(syncDefaults.syncNow),
  cancelSync: vi.fn(syncDefaults.cancelSync),
  syncHistory: vi.fn(syncDefaults.syncHistory),
  schedule: vi.fn(syncDefaults.schedule),
  setSchedule: vi.fn(syncDefaults.setSchedule),
  onSyncUpdate: vi.fn(syncDefaults.onSyncUpdate),
};

/** Every sync mock back to its harmless default; call in beforeEach. */
export function resetMockSyncBackend(): void {
  syncListener = null;
  for (const [name, fn] of Object.entries(mockSyncBackend)) {
    fn.mockReset();
    (fn.mockImplementation as (impl: unknown) => void)(syncDefaults[name as keyof typeof syncDefaults]);
  }
}
// ---- end of provider connections and sync ----------------------------------
