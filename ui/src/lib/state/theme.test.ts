import { beforeEach, describe, expect, it } from "vitest";
import { isThemeChoice, resolveTheme, theme } from "./theme.svelte";

describe("theme", () => {
  beforeEach(() => theme.set("system"));

  it("follows the system unless the user chose a theme", () => {
    expect(resolveTheme("system", true)).toBe("dark");
    expect(resolveTheme("system", false)).toBe("light");
    expect(resolveTheme("light", true)).toBe("light");
    expect(resolveTheme("dark", false)).toBe("dark");
  });

  it("applies the choice to the document and keeps it for the next start", () => {
    theme.set("dark");
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(localStorage.getItem("cloudlens.theme")).toBe("dark");
    theme.set("light");
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(localStorage.getItem("cloudlens.theme")).toBe("light");
  });

  it("accepts only the three choices", () => {
    expect(isThemeChoice("dark")).toBe(true);
    expect(isThemeChoice("sepia")).toBe(false);
    expect(isThemeChoice(null)).toBe(false);
  });
});
