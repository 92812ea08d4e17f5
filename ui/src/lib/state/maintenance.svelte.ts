// Settings → Updates and Backups: the user's choice about online update
// checks, checking and installing online, installing from a file, and the
// store's backups, restores and check. Each action keeps its own result and
// error so the card that started it shows them.

import {
  backend,
  BackendError,
  type BackupView,
  type CheckView,
  type UpdateInstalledView,
  type UpdateOfferView,
  type UpdateSettingsView,
} from "../backend";

export type MaintenanceAction =
  | "settings"
  | "check-online"
  | "install"
  | "from-file"
  | "backup"
  | "restore"
  | "check-store";

class MaintenanceState {
  settings = $state.raw<UpdateSettingsView | null>(null);
  /** The newer release the last online check found; `null` after a check found none. */
  offer = $state.raw<UpdateOfferView | null | undefined>(undefined);
  installed = $state.raw<UpdateInstalledView | null>(null);
  backup = $state.raw<BackupView | null>(null);
  restored = $state.raw<BackupView | null>(null);
  check = $state.raw<CheckView | null>(null);
  busy = $state<MaintenanceAction | null>(null);
  error = $state.raw<{ action: MaintenanceAction; error: BackendError } | null>(null);

  errorFor(action: MaintenanceAction): BackendError | null {
    return this.error?.action === action ? this.error.error : null;
  }

  async load(): Promise<void> {
    await this.#run("settings", async () => {
      this.settings = await backend.maintenance.updateSettings();
    });
  }

  async setChecks(enabled: boolean, endpoint: string): Promise<void> {
    await this.#run("settings", async () => {
      this.settings = await backend.maintenance.setUpdateChecks(enabled, endpoint);
    });
  }

  async checkOnline(): Promise<void> {
    this.installed = null;
    await this.#run("check-online", async () => {
      this.offer = await backend.maintenance.checkForUpdate();
    });
  }

  async installOnline(): Promise<void> {
    await this.#run("install", async () => {
      this.installed = await backend.maintenance.installUpdate();
      this.offer = undefined;
    });
  }

  /** Asks for the package, then its signature (the package's name + `.sig` is the usual one). */
  async fromFile(packageFilter: string, signatureFilter: string): Promise<void> {
    this.installed = null;
    await this.#run("from-file", async () => {
      const pkg = await backend.dialogs.pickOpenFile(packageFilter, ["deb", "rpm"]);
      if (!pkg) return;
      const sig = await backend.dialogs.pickOpenFile(signatureFilter, ["sig"]);
      if (!sig) return;
      this.installed = await backend.maintenance.updateFromFile(pkg, sig);
    });
  }

  async restart(): Promise<void> {
    await this.#run("install", () => backend.maintenance.restartApp());
  }

  /** Asks where to write the backup; `passphrase` empty means the store's own key. */
  async backUp(suggested: string, filter: string, passphrase: string): Promise<void> {
    this.backup = null;
    await this.#run("backup", async () => {
      const out = await backend.dialogs.pickSavePath(suggested, filter, ["clbackup"]);
      if (!out) return;
      this.backup = await backend.maintenance.backupStore(out, passphrase || null);
    });
  }

  async pickRestoreFile(filter: string): Promise<string | null> {
    let path: string | null = null;
    await this.#run("restore", async () => {
      path = await backend.dialogs.pickOpenFile(filter, ["clbackup"]);
    });
    return path;
  }

  async restore(path: string, passphrase: string): Promise<boolean> {
    this.restored = null;
    return this.#run("restore", async () => {
      this.restored = await backend.maintenance.restoreStore(path, passphrase || null);
    });
  }

  async checkStore(): Promise<void> {
    this.check = null;
    await this.#run("check-store", async () => {
      this.check = await backend.maintenance.checkStore();
    });
  }

  async #run(action: MaintenanceAction, work: () => Promise<void>): Promise<boolean> {
    this.busy = action;
    if (this.error?.action === action) this.error = null;
    try {
      await work();
      return true;
    } catch (error) {
      this.error = { action, error: BackendError.from(error) };
      return false;
    } finally {
      this.busy = null;
    }
  }
}

export const maintenance = new MaintenanceState();
