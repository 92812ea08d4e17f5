// The display currency: every amount in the Explorer and Showback is converted
// into it with the rate table, or `null` to keep billing currencies apart (one
// row per currency, nothing converted). A UI preference, so localStorage.

const STORAGE_KEY = "cloudlens.displayCurrency";
const CODE = /^[A-Z]{3}$/;

/** Three upper-case letters (ISO 4217 shape). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === "string" && CODE.test(value);
}

function readStored(): string | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isCurrencyCode(value) ? value : null;
  } catch {
    return null; // storage can be disabled; no conversion is the safe default
  }
}

class DisplayCurrencyState {
  /** `null` = per billing currency, no conversion. */
  current = $state<string | null>(readStored());

  set(next: string | null): void {
    this.current = isCurrencyCode(next) ? next : null;
    try {
      if (this.current) globalThis.localStorage?.setItem(STORAGE_KEY, this.current);
      else globalThis.localStorage?.removeItem(STORAGE_KEY);
    } catch {
      // Not persisted; the choice still holds for this session.
    }
  }

  /** Re-reads storage; used by tests to start from a clean slate. */
  reset(): void {
    this.current = readStored();
  }
}

export const displayCurrency = new DisplayCurrencyState();
