// The exchange-rate table: load, add/replace, remove, import from CSV. Every
// change reloads the table from the core so the screen shows what is stored.

import { backend, BackendError, type ExchangeRate, type RateImportResult } from "../backend";
import { sameRateKey } from "../currency/rateValidation";

class RatesState {
  rates = $state.raw<ExchangeRate[]>([]);
  loaded = $state(false);
  loading = $state(false);
  /** Loading the table failed. */
  error = $state.raw<BackendError | null>(null);
  /** The last add/edit/remove failed, and which of them (the form or the dialog shows it). */
  changeError = $state.raw<BackendError | null>(null);
  failedChange = $state<"save" | "remove" | null>(null);
  busy = $state(false);
  importing = $state(false);
  importResult = $state.raw<RateImportResult | null>(null);
  importError = $state.raw<BackendError | null>(null);
  /** Currencies the last saved rate spelled as an alias (RMB), read as ISO codes. */
  notes = $state.raw<string[]>([]);

  /** Every currency in the table, sorted: the choices for the display currency. */
  get currencies(): string[] {
    return [...new Set(this.rates.flatMap((r) => [r.from, r.to]))].sort();
  }

  async load(): Promise<void> {
    this.loading = true;
    try {
      this.rates = await backend.currency.exchangeRates();
      this.error = null;
      this.loaded = true;
    } catch (error) {
      this.error = BackendError.from(error);
    } finally {
      this.loading = false;
    }
  }

  /** Stores `rate`; when editing, `previous` is removed first if its key changed. */
  async save(rate: ExchangeRate, previous: ExchangeRate | null): Promise<boolean> {
    return this.#change("save", async () => {
      if (previous && !sameRateKey(previous, rate)) await backend.currency.removeExchangeRate(previous);
      this.notes = await backend.currency.setExchangeRate(rate);
    });
  }

  async remove(rate: ExchangeRate): Promise<boolean> {
    return this.#change("remove", () => backend.currency.removeExchangeRate(rate));
  }

  /** Asks for a CSV file and imports it; a cancelled dialog changes nothing. */
  async importCsv(): Promise<void> {
    this.importError = null;
    this.importResult = null;
    let path: string | null;
    try {
      path = await backend.dialogs.pickOpenFile("CSV", ["csv"]);
    } catch (error) {
      this.importError = BackendError.from(error);
      return;
    }
    if (path) await this.importPath(path);
  }

  async importPath(path: string): Promise<void> {
    this.importing = true;
    this.importError = null;
    this.importResult = null;
    try {
      this.importResult = await backend.currency.importExchangeRates(path);
      await this.load();
    } catch (error) {
      this.importError = BackendError.from(error);
    } finally {
      this.importing = false;
    }
  }

  async #change(kind: "save" | "remove", action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.changeError = null;
    this.failedChange = null;
    try {
      await action();
      await this.load();
      return true;
    } catch (error) {
      this.changeError = BackendError.from(error);
      this.failedChange = kind;
      await this.load();
      return false;
    } finally {
      this.busy = false;
    }
  }

  reset(): void {
    this.rates = [];
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.changeError = null;
    this.failedChange = null;
    this.busy = false;
    this.importing = false;
    this.importResult = null;
    this.importError = null;
  }
}

export const rates = new RatesState();
