// The UI language: persisted in localStorage, defaulting from navigator.language,
// and mirrored to <html lang> so the webview picks CJK fonts and hyphenation.

import { isLocale, matchLocale, type Locale } from "../i18n/catalogs";

const STORAGE_KEY = "cloudlens.locale";

function readStored(): Locale | null {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null; // storage can be disabled; the default is fine
  }
}

export function initialLocale(): Locale {
  return readStored() ?? matchLocale(globalThis.navigator?.language);
}

class LocaleState {
  current = $state<Locale>(initialLocale());

  constructor() {
    this.#applyToDocument();
  }

  set(next: Locale): void {
    this.current = next;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this session.
    }
    this.#applyToDocument();
  }

  /** Re-reads storage and navigator; used by tests to start from a clean slate. */
  reset(): void {
    this.current = initialLocale();
    this.#applyToDocument();
  }

  #applyToDocument(): void {
    if (typeof document !== "undefined") document.documentElement.lang = this.current;
  }
}

export const locale = new LocaleState();
