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
