// The display currency: every amount on the Overview, Explorer, Showback,
// drill-down, exports, forecasts and savings is converted into it with the
// rate table, or `null` when the user chose billing currencies (one section
// per currency, nothing converted). Until the user chooses, amounts are
// converted into the currency of the UI's language (CNY for Chinese, else
// USD): one total by default, billing currencies only as an explicit choice.
// A UI preference, so localStorage.

const STORAGE_KEY = "cloudlens.displayCurrency";
/** Stored when the user explicitly chose billing currencies. */
const BILLING = "billing";
const CODE = /^[A-Z]{3}$/;

/** Three upper-case letters (ISO 4217 shape). */
export function isCurrencyCode(value: unknown): value is string {
  return typeof value === "string" && CODE.test(value);
}

/** The display currency before the user chose one: the language's. */
export function defaultDisplayCurrency(language: string | undefined): string {
  return language?.toLowerCase().startsWith("zh") ? "CNY" : "USD";
}

function readStored(): string | null {
  let value: string | null | undefined = null;
  try {
    value = globalThis.localStorage?.getItem(STORAGE_KEY);
  } catch {
    value = null; // storage can be disabled: the default applies
  }
  if (value === BILLING) return null;
  return isCurrencyCode(value) ? value : defaultDisplayCurrency(globalThis.navigator?.language);
}

class DisplayCurrencyState {
  /** `null` = per billing currency, no conversion. */
  current = $state<string | null>(readStored());

  set(next: string | null): void {
    this.current = isCurrencyCode(next) ? next : null;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, this.current ?? BILLING);
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
