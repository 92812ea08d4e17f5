// A settings form read from the core, edited in place and saved whole; the
// core validates and its message is shown as it is (it names the field).

import { BackendError } from "../backend";

export class SettingsForm<T> {
  value = $state<T | null>(null);
  error = $state.raw<BackendError | null>(null);
  saving = $state(false);
  saved = $state(false);

  readonly #read: () => Promise<T>;
  readonly #write: (value: T) => Promise<unknown>;

  constructor(read: () => Promise<T>, write: (value: T) => Promise<unknown>) {
    this.#read = read;
    this.#write = write;
  }

  async load(): Promise<void> {
    try {
      this.value = await this.#read();
      this.error = null;
    } catch (error) {
      this.error = BackendError.from(error);
    }
  }

  async save(): Promise<void> {
    if (this.value === null) return;
    this.saving = true;
    this.saved = false;
    try {
      await this.#write($state.snapshot(this.value) as T);
      this.error = null;
      this.saved = true;
    } catch (error) {
      this.error = BackendError.from(error);
    } finally {
      this.saving = false;
    }
  }
}
