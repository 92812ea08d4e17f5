// The Anomalies page's state: the filtered list, the open anomaly's detail,
// monitors, and the background detection (followed through its events, so
// the list reloads when a run finds something).

import {
  backend,
  BackendError,
  type AnomalyDetail,
  type AnomalyList,
  type AnomalyListQuery,
  type DetectionEvent,
  type DetectionStatus,
  type FeedbackAction,
  type FeedbackResult,
  type Locale,
  type MonitorInput,
  type MonitorView,
} from "../backend";
import { displayCurrency } from "./currency.svelte";

export function emptyQuery(): AnomalyListQuery {
  return { monitors: [], from: null, to: null, statuses: [], severities: [], providers: [], include_withdrawn: false };
}

class AnomaliesState {
  query = $state<AnomalyListQuery>(emptyQuery());
  list = $state.raw<AnomalyList | null>(null);
  error = $state.raw<BackendError | null>(null);
  loading = $state(false);

  selectedId = $state<string | null>(null);
  detail = $state.raw<AnomalyDetail | null>(null);
  detailError = $state.raw<BackendError | null>(null);

  feedbackBusy = $state(false);
  feedbackError = $state.raw<BackendError | null>(null);
  lastFeedback = $state.raw<FeedbackResult | null>(null);

  monitors = $state.raw<MonitorView[]>([]);
  monitorsError = $state.raw<BackendError | null>(null);
  monitorError = $state.raw<BackendError | null>(null);
  monitorBusy = $state(false);

  detection = $state.raw<DetectionStatus | null>(null);
  /** Asking for a run failed (the run's own failure is in `detection.error`). */
  detectError = $state.raw<BackendError | null>(null);

  #request = 0;
  #detailRequest = 0;
  #stopListening: (() => void) | null = null;

  /** Follows detection runs until `stop()`: a finished run reloads what is shown. */
  async listen(locale: () => Locale): Promise<void> {
    if (this.#stopListening) return;
    const stop = await backend.on.anomalyUpdate((event) => this.#onDetection(event, locale()));
    this.#stopListening = stop;
    try {
      this.detection = await backend.anomalies.detectionStatus();
    } catch {
      // The status line stays empty; the list shows its own error.
    }
  }

  stop(): void {
    this.#stopListening?.();
    this.#stopListening = null;
  }

  #onDetection(event: DetectionEvent, locale: Locale): void {
    const last = this.detection;
    if (event.kind === "started") {
      this.detection = { running: true, last: last?.last ?? null, last_at: last?.last_at ?? null, error: null };
      return;
    }
    void backend.anomalies
      .detectionStatus()
      .then((status) => (this.detection = status))
      .catch(() => {});
    if (event.kind === "finished") {
      void this.load();
      void this.loadMonitors();
      if (this.selectedId) void this.open(this.selectedId, locale);
    }
  }

  setQuery(patch: Partial<AnomalyListQuery>): void {
    this.query = { ...this.query, ...patch };
  }

  clearFilters(): void {
    this.query = emptyQuery();
  }

  async load(): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const query = $state.snapshot(this.query) as AnomalyListQuery;
      const list = await backend.anomalies.anomalies({ ...query, display_currency: displayCurrency.current });
      if (request !== this.#request) return;
      this.list = list;
      this.error = null;
    } catch (error) {
      if (request === this.#request) this.error = BackendError.from(error);
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }

  async open(id: string, locale: Locale): Promise<void> {
    const request = ++this.#detailRequest;
    if (this.selectedId !== id) {
      this.detail = null;
      this.lastFeedback = null;
      this.feedbackError = null;
    }
    this.selectedId = id;
    this.detailError = null;
    try {
      const detail = await backend.anomalies.anomalyDetail(id, locale);
      if (request === this.#detailRequest) this.detail = detail;
    } catch (error) {
      if (request === this.#detailRequest) this.detailError = BackendError.from(error);
    }
  }

  close(): void {
    this.#detailRequest++;
    this.selectedId = null;
    this.detail = null;
    this.detailError = null;
    this.lastFeedback = null;
    this.feedbackError = null;
  }

  /** Records the verdict, then shows the list and the detail as stored. */
  async feedback(action: FeedbackAction, note: string, locale: Locale): Promise<void> {
    const id = this.selectedId;
    if (!id) return;
    this.feedbackBusy = true;
    this.feedbackError = null;
    try {
      this.lastFeedback = await backend.anomalies.anomalyFeedback(id, action, note.trim() === "" ? null : note.trim());
      await Promise.all([this.load(), this.open(id, locale)]);
    } catch (error) {
      this.feedbackError = BackendError.from(error);
    } finally {
      this.feedbackBusy = false;
    }
  }

  async loadMonitors(): Promise<void> {
    try {
      this.monitors = await backend.anomalies.anomalyMonitors();
      this.monitorsError = null;
    } catch (error) {
      this.monitorsError = BackendError.from(error);
    }
  }

  /** Adds (`id` null) or edits a monitor; true when stored. */
  async saveMonitor(id: number | null, monitor: MonitorInput): Promise<boolean> {
    return this.#monitorChange(() =>
      id === null ? backend.anomalies.addAnomalyMonitor(monitor) : backend.anomalies.updateAnomalyMonitor(id, monitor),
    );
  }

  async setMuted(view: MonitorView, muted: boolean): Promise<boolean> {
    return this.#monitorChange(() => backend.anomalies.updateAnomalyMonitor(view.id, { ...view.monitor, muted }));
  }

  async removeMonitor(name: string): Promise<boolean> {
    return this.#monitorChange(() => backend.anomalies.removeAnomalyMonitor(name));
  }

  async #monitorChange(change: () => Promise<unknown>): Promise<boolean> {
    this.monitorBusy = true;
    this.monitorError = null;
    try {
      await change();
      await this.loadMonitors();
      return true;
    } catch (error) {
      this.monitorError = BackendError.from(error);
      return false;
    } finally {
      this.monitorBusy = false;
    }
  }

  async detectNow(): Promise<void> {
    this.detectError = null;
    try {
      await backend.anomalies.detectAnomalies();
    } catch (error) {
      this.detectError = BackendError.from(error);
    }
  }

  reset(): void {
    this.stop();
    this.#request++;
    this.query = emptyQuery();
    this.list = null;
    this.error = null;
    this.loading = false;
    this.close();
    this.monitors = [];
    this.monitorsError = null;
    this.monitorError = null;
    this.monitorBusy = false;
    this.detection = null;
    this.detectError = null;
  }
}

export const anomalies = new AnomaliesState();
