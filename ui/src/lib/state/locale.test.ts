import { afterEach, describe, expect, it, vi } from "vitest";
import { initialLocale, locale } from "./locale.svelte";

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe("locale", () => {
  it("defaults from navigator.language", () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("zh-CN");
    expect(initialLocale()).toBe("zh-CN");
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-US");
    expect(initialLocale()).toBe("en");
  });

  it("prefers the stored choice and ignores junk", () => {
    vi.spyOn(navigator, "language", "get").mockReturnValue("en-US");
    localStorage.setItem("cloudlens.locale", "zh-CN");
    expect(initialLocale()).toBe("zh-CN");
    localStorage.setItem("cloudlens.locale", "klingon");
    expect(initialLocale()).toBe("en");
  });

  it("persists the choice and sets <html lang>", () => {
    locale.set("zh-CN");
    expect(localStorage.getItem("cloudlens.locale")).toBe("zh-CN");
    expect(document.documentElement.lang).toBe("zh-CN");
    locale.set("en");
    expect(document.documentElement.lang).toBe("en");
  });
});
