// The data store's lifecycle as the core reports it. The status is fetched
// once at start and then followed through store-status-changed events, which
// are the source of truth: actions (unlock, demo load/remove) do not set the
// status themselves, the core announces the result.

import { backend, BackendError, type StoreStatus } from "../backend";

class StatusState {
  current = $state.raw<StoreStatus | null>(null);
  /** The core could not be reached at all (e.g. running outside the app). */
  connectError = $state.raw<BackendError | null>(null);

  #stopListening: (() => void) | null = null;
  #started = false;

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    // Listen before asking, so no change is lost in between; if an event has
    // already arrived, it is newer than the answer to the initial request.
    let eventSeen = false;
    try {
      this.#stopListening = await backend.on.storeStatusChanged((status) => {
        eventSeen = true;
        this.current = status;
        this.connectError = null;
      });
    } catch (error) {
      this.connectError = BackendError.from(error);
    }
    try {
      const status = await backend.session.storeStatus();
      if (!eventSeen) {
        this.current = status;
        this.connectError = null;
      }
    } catch (error) {
      if (!this.current) this.connectError = BackendError.from(error);
    }
  }

  stop(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#started = false;
  }

  /** Tests and the dev preview set a status directly. */
  set(status: StoreStatus | null): void {
    this.current = status;
  }

  reset(): void {
    this.stop();
    this.current = null;
    this.connectError = null;
  }

  unlock(passphrase: string): Promise<void> {
    return backend.session.unlock(passphrase);
  }

  loadDemo(): Promise<void> {
    return backend.session.loadDemo();
  }

  removeDemo(): Promise<void> {
    return backend.session.removeDemo();
  }
}

export const status = new StatusState();
