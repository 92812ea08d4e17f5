// A vi.fn() for every gateway call, typed against the same surface as the real
// gateway (`Backend`), so a command without a mock here fails type-checking.
// Tests install it with
//   vi.mock("$lib/backend", async (original) => ({ ...(await original()), backend: mockBackend }))
// call resetMockBackend() in beforeEach, and drive events through emitStatus(),
// emitImport(), emitSync() and emitDetection().
import { vi, type Mock } from "vitest";
import type { Backend, DetectionEvent, ImportEvent, RuleSet, StoreStatus, SyncEvent } from "../lib/backend";

type Call = (...args: never[]) => unknown;

/** Each command's answer when a test does not set one; `undefined` answers nothing. */
type Defaults = { [D in keyof Backend]: { [C in keyof Backend[D]]: Backend[D][C] | undefined } };

export type MockBackend = {
  [D in keyof Backend]: { [C in keyof Backend[D]]: Backend[D][C] extends Call ? Mock<Backend[D][C]> : never };
};

let statusListener: ((status: StoreStatus) => void) | null = null;
let importListener: ((event: ImportEvent) => void) | null = null;
let syncListener: ((event: SyncEvent) => void) | null = null;
let detectionListener: ((event: DetectionEvent) => void) | null = null;

const emptyRules = (): RuleSet => ({ virtual_tags: [], shared_costs: [], tag_keys: [] });

const defaults: Defaults = {
  session: {
    storeStatus: undefined,
    unlock: async () => undefined,
    loadDemo: async () => undefined,
    removeDemo: async () => undefined,
    uiPainted: async () => undefined,
    setUiLocale: async () => undefined,
  },
  overview: {
    overview: undefined,
    overviewForecast: async () => [],
    dayZone: async () => ({
      current: { zone: "Asia/Shanghai", provider_zones: true },
      zones: ["Asia/Shanghai", "Europe/Berlin", "UTC"],
    }),
    setDayZone: async (zone) => zone,
  },
  imports: {
    importFormats: async () => [],
    inspectFile: undefined,
    importFiles: async () => undefined,
    cancelImport: async () => undefined,
    importHistory: async () => [],
    removeImport: async () => undefined,
    exportFocus: undefined,
  },
  dialogs: {
    pickBillFiles: async () => [],
    pickExportPath: async () => null,
    pickSavePath: async () => null,
    pickOpenFile: async () => null,
  },
  explore: {
    explore: undefined,
    exploreForecast: async () => null,
    dimensions: async () => ({ dimensions: [] }),
    dimensionValues: async (dimension) => ({ dimension, values: [], truncated: false }),
    compare: undefined,
    resourceDetail: undefined,
    exportTable: undefined,
    savedViews: async () => [],
    saveView: undefined,
    removeView: async () => undefined,
    viewLink: undefined,
    openViewLink: undefined,
  },
  allocation: {
    rules: async () => emptyRules(),
    rulesAt: async () => emptyRules(),
    ruleVersions: async () => [],
    saveRules: undefined,
    previewRules: undefined,
    suggestTagKeyMerges: async () => [],
    tagCoverage: async () => ({ keys: [], rows: [], missing_rates: [], rates_through: null }),
  },
  currency: {
    exchangeRates: async () => [],
    setExchangeRate: async () => [],
    removeExchangeRate: async () => undefined,
    importExchangeRates: undefined,
    convertAmounts: async (_amounts, to) => ({ currency: to, amounts: [], rates_through: null }),
  },
  sync: {
    connections: async () => [],
    addConnection: async () => {
      throw new Error("addConnection is not mocked");
    },
    testConnection: async () => {
      throw new Error("testConnection is not mocked");
    },
    removeConnection: async () => undefined,
    policyGuide: async (provider) => ({ provider, managed_policies: [], custom_policy: "{}", actions: [] }),
    syncNow: async () => undefined,
    cancelSync: async () => undefined,
    syncHistory: async () => [],
    schedule: async () => ({ every_hours: null }),
    setSchedule: async () => undefined,
  },
  sources: {
    scopeSources: async () => ({ scopes: [], preferences: [] }),
    setSourcePreference: async () => undefined,
  },
  audit: {
    auditLog: async () => [],
    verifyAuditLog: async () => ({ entries: 0, intact: true, problem: null, head: "empty", head_signer: null, trusted: [], note: null }),
    auditPublicKey: async () => "",
    buildAuditPack: async () => {
      throw new Error("buildAuditPack is not mocked");
    },
    verifyAuditPack: async () => {
      throw new Error("verifyAuditPack is not mocked");
    },
    openAuditPack: async () => {
      throw new Error("openAuditPack is not mocked");
    },
    closeAuditPack: async () => undefined,
    setAuditMode: async () => undefined,
  },
  maintenance: {
    backupStore: undefined,
    restoreStore: undefined,
    checkStore: undefined,
    updateSettings: async () => ({
      checks: "unasked",
      ask: true,
      endpoint: "",
      default_endpoint: "",
      version: "0.1.0",
      can_verify: true,
    }),
    setUpdateChecks: undefined,
    updateFromFile: undefined,
    checkForUpdate: async () => null,
    installUpdate: undefined,
    restartApp: async () => undefined,
  },
  anomalies: {
    anomalies: async () => ({ anomalies: [], open_impact: [], open_impact_converted: null }),
    anomalyDetail: undefined,
    anomalyFeedback: undefined,
    anomalyOverview: async () => ({ open: 0, impact: [], impact_converted: null, top: [] }),
    anomalyMonitors: async () => [],
    addAnomalyMonitor: undefined,
    updateAnomalyMonitor: undefined,
    removeAnomalyMonitor: async () => undefined,
    detectAnomalies: async () => undefined,
    detectionStatus: async () => ({ running: false, last: null, last_at: null, error: null }),
  },
  budgets: {
    budgets: async () => [],
    budget: undefined,
    addBudget: undefined,
    updateBudget: undefined,
    removeBudget: async () => undefined,
    copyBudgets: async () => [],
    defaultBudgetThresholds: async () => [
      { kind: "actual", percent: 80 },
      { kind: "actual", percent: 100 },
      { kind: "forecast", percent: 100 },
    ],
  },
  alerts: {
    alertChannels: async () => [],
    addAlertChannel: undefined,
    testAlertChannel: undefined,
    removeAlertChannel: async () => undefined,
    alertHistory: async () => ({ alerts: [] }),
    evaluateAlerts: undefined,
    alertSettings: async () => ({ stale_after_days: 3, evaluate_every_minutes: 60, keep_in_tray: false, data_health_channels: null }),
    setAlertSettings: async () => undefined,
    trayStatus: async () => ({ available: true }),
  },
  forecast: {
    // An empty scope: nothing to forecast, nothing to chart.
    forecast: async () => ({ as_of: "1970-01-01", horizon: 1, series: [], elapsed_ms: 0 }),
    forecastChart: undefined,
  },
  recommendations: {
    refreshRecommendations: async () => ({ found: 0, created: 0, updated: 0, changed: 0, reopened: 0, closed: 0, measured: 0 }),
    recommendations: async () => ({
      as_of: null,
      items: [],
      potential_by_kind: [],
      potential_by_provider: [],
      realised_by_kind: [],
      realised_by_provider: [],
      display_potential: null,
      missing_rates: [],
    }),
    recommendationDetail: undefined,
    setRecommendationStatus: async () => undefined,
    recommendationSettings: undefined,
    saveRecommendationSettings: async () => undefined,
    exportRecommendations: undefined,
    discountAnalysis: async () => [],
  },
  reports: {
    savedReports: async () => [],
    saveReport: undefined,
    removeReport: async () => undefined,
    previewReport: async () => "<!doctype html><title>report</title>",
    exportReport: undefined,
    reportReconciliation: async () => ({ scopes: [] }),
    invoices: async () => [],
    setInvoice: async () => undefined,
    removeInvoice: async () => undefined,
    importInvoices: undefined,
  },
  on: {
    storeStatusChanged: async (callback) => {
      statusListener = callback;
      return () => {
        statusListener = null;
      };
    },
    importUpdate: async (callback) => {
      importListener = callback;
      return () => {
        importListener = null;
      };
    },
    filesDropped: async () => () => {},
    syncUpdate: async (callback) => {
      syncListener = callback;
      return () => {
        syncListener = null;
      };
    },
    anomalyUpdate: async (callback) => {
      detectionListener = callback;
      return () => {
        detectionListener = null;
      };
    },
  },
};

type AnyMock = Mock<(...args: unknown[]) => unknown>;
type AnyDefaults = Record<string, Record<string, ((...args: unknown[]) => unknown) | undefined>>;

export const mockBackend = Object.fromEntries(
  Object.entries(defaults as unknown as AnyDefaults).map(([domain, calls]) => [
    domain,
    Object.fromEntries(Object.entries(calls).map(([name, answer]) => [name, answer ? vi.fn(answer) : vi.fn()])),
  ]),
) as unknown as MockBackend;

/** Every mock back to its default above, listeners gone; call in beforeEach. */
export function resetMockBackend(): void {
  statusListener = null;
  importListener = null;
  syncListener = null;
  detectionListener = null;
  const mocks = mockBackend as unknown as Record<string, Record<string, AnyMock>>;
  for (const [domain, calls] of Object.entries(defaults as unknown as AnyDefaults)) {
    for (const [name, answer] of Object.entries(calls)) {
      const fn = mocks[domain]![name]!;
      fn.mockReset();
      if (answer) fn.mockImplementation(answer);
    }
  }
}

/** The Explorer page's answers: a few dimensions to pick from. */
export function resetMockExplorerBackend(): void {
  mockBackend.explore.dimensions.mockResolvedValue({ dimensions: ["provider", "service", "resource", "tag:env"] });
  mockBackend.explore.dimensionValues.mockResolvedValue({ dimension: "service", values: [], truncated: false });
}

export function emitStatus(status: StoreStatus): void {
  if (!statusListener) throw new Error("nobody listens to store status changes");
  statusListener(status);
}

export function emitImport(event: ImportEvent): void {
  if (!importListener) throw new Error("nobody listens to import updates");
  importListener(event);
}

export function emitSync(event: SyncEvent): void {
  if (!syncListener) throw new Error("nobody listens to sync updates");
  syncListener(event);
}

export function emitDetection(event: DetectionEvent): void {
  if (!detectionListener) throw new Error("nobody listens to anomaly detection updates");
  detectionListener(event);
}
