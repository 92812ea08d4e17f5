// The colour theme: follow the system, or always light or dark. A UI
// preference, so localStorage. The resolved theme is written to
// <html data-theme>, which app.css keys its dark tokens on; public/boot.js
// applies the same choice before the bundle loads, so the first frame is
// already in the right colours.

export const THEME_CHOICES = ["system", "light", "dark"] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

const STORAGE_KEY = "cloudlens.theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

export function isThemeChoice(value: unknown): value is ThemeChoice {
  return typeof value === "string" && (THEME_CHOICES as readonly string[]).includes(value);
}

function readStored(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(STORAGE_KEY);
    return isThemeChoice(value) ? value : "system";
  } catch {
    return "system"; // storage can be disabled; following the system is fine
  }
}

export function resolveTheme(choice: ThemeChoice, systemDark: boolean): "light" | "dark" {
  if (choice === "system") return systemDark ? "dark" : "light";
  return choice;
}

class ThemeState {
  choice = $state<ThemeChoice>(readStored());
  #media: MediaQueryList | undefined = globalThis.matchMedia?.(DARK_QUERY);

  constructor() {
    this.#media?.addEventListener?.("change", () => this.#apply());
    this.#apply();
  }

  /** What the page shows now. */
  get resolved(): "light" | "dark" {
    return resolveTheme(this.choice, this.#media?.matches ?? false);
  }

  set(next: ThemeChoice): void {
    this.choice = next;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this session.
    }
    this.#apply();
  }

  #apply(): void {
    if (typeof document === "undefined") return;
    document.documentElement.dataset.theme = this.resolved;
  }
}

export const theme = new ThemeState();
