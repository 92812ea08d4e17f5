// File import: the files staged for import with their detection and preview,
// the running import's progress, the last reports and the import history.
// Progress and results arrive as import-update events from the core.

import {
  backend,
  BackendError,
  type FileInspectionView,
  type FormatChoice,
  type ImportProgressView,
  type ImportReportView,
  type ImportRunView,
} from "../backend";

export interface StagedFile {
  path: string;
  /** A format id chosen by the user instead of detection; null = detected. */
  format: string | null;
  inspection: FileInspectionView | null;
  inspecting: boolean;
  error: BackendError | null;
}

class ImportsState {
  staged = $state<StagedFile[]>([]);
  formats = $state.raw<FormatChoice[]>([]);
  lenient = $state(false);
  running = $state(false);
  progress = $state.raw<ImportProgressView | null>(null);
  reports = $state.raw<ImportReportView[]>([]);
  history = $state.raw<ImportRunView[]>([]);
  historyError = $state.raw<BackendError | null>(null);
  error = $state.raw<BackendError | null>(null);

  #stop: (() => void)[] = [];
  #started = false;

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    try {
      this.#stop.push(await backend.on.importUpdate((e) => this.#onUpdate(e)));
      this.#stop.push(await backend.on.filesDropped(({ paths }) => void this.add(paths)));
    } catch (error) {
      this.error = BackendError.from(error);
    }
    try {
      this.formats = await backend.imports.importFormats();
    } catch (error) {
      this.error = BackendError.from(error);
    }
    await this.refreshHistory();
  }

  stop(): void {
    for (const stop of this.#stop) stop();
    this.#stop = [];
    this.#started = false;
  }

  #onUpdate(e: import("../backend").ImportEvent): void {
    if (e.kind === "progress") {
      this.running = true;
      this.progress = e.progress;
    } else if (e.kind === "finished") {
      this.running = false;
      this.progress = null;
      this.reports = e.reports;
      const done = new Set(e.reports.filter((r) => r.outcome !== "refused" && r.outcome !== "cancelled").map((r) => r.source));
      this.staged = this.staged.filter((f) => !done.has(f.path));
      void this.refreshHistory();
    } else {
      this.running = false;
      this.progress = null;
      this.error = BackendError.from(e.error);
    }
  }

  async refreshHistory(): Promise<void> {
    try {
      this.history = await backend.imports.importHistory();
      this.historyError = null;
    } catch (error) {
      this.historyError = BackendError.from(error);
    }
  }

  /** Stages paths (from the chooser, a drop or typed) and inspects each. */
  async add(paths: string[]): Promise<void> {
    const fresh = paths.map((p) => p.trim()).filter((p) => p && !this.staged.some((f) => f.path === p));
    for (const path of fresh) {
      this.staged.push({ path, format: null, inspection: null, inspecting: true, error: null });
    }
    await Promise.all(fresh.map((p) => this.inspect(p)));
  }

  async pick(): Promise<void> {
    try {
      await this.add(await backend.dialogs.pickBillFiles());
    } catch (error) {
      this.error = BackendError.from(error);
    }
  }

  async inspect(path: string): Promise<void> {
    const file = this.staged.find((f) => f.path === path);
    if (!file) return;
    file.inspecting = true;
    try {
      file.inspection = await backend.imports.inspectFile(path, file.format);
      file.error = null;
    } catch (error) {
      // The last good preview no longer describes what would be imported.
      file.inspection = null;
      file.error = BackendError.from(error);
    } finally {
      file.inspecting = false;
    }
  }

  async setFormat(path: string, format: string | null): Promise<void> {
    const file = this.staged.find((f) => f.path === path);
    if (!file) return;
    file.format = format;
    await this.inspect(path);
  }

  unstage(path: string): void {
    this.staged = this.staged.filter((f) => f.path !== path);
  }

  /** Files that can be imported: readable and of a known (or chosen) format. */
  get ready(): StagedFile[] {
    return this.staged.filter((f) => !f.error && f.inspection && !f.inspection.error && (f.format || f.inspection.format));
  }

  /** Staged files whose preview failed or found no format: the import waits until they are fixed or removed. */
  get blocked(): StagedFile[] {
    return this.staged.filter((f) => !f.inspecting && !this.ready.includes(f));
  }

  async run(): Promise<void> {
    const files = this.ready;
    if (files.length === 0 || this.running) return;
    this.error = null;
    this.reports = [];
    this.running = true;
    try {
      await backend.imports.importFiles({ files: files.map((f) => ({ path: f.path, format: f.format })), lenient: this.lenient });
    } catch (error) {
      this.running = false;
      this.error = BackendError.from(error);
    }
  }

  async cancel(): Promise<void> {
    try {
      await backend.imports.cancelImport();
    } catch (error) {
      this.error = BackendError.from(error);
    }
  }

  async remove(runId: number): Promise<void> {
    await backend.imports.removeImport(runId);
    await this.refreshHistory();
  }

  /** Tests start from a clean slate. */
  reset(): void {
    this.stop();
    this.staged = [];
    this.formats = [];
    this.lenient = false;
    this.running = false;
    this.progress = null;
    this.reports = [];
    this.history = [];
    this.historyError = null;
    this.error = null;
  }
}

export const imports = new ImportsState();
