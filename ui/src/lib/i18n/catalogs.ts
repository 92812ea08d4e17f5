import { en, type MessageKey, type Messages } from "./en";
import { zhCN } from "./zh-CN";

export type { MessageKey, Messages };

export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];

export const catalogs: Record<Locale, Messages> = { en, "zh-CN": zhCN };

/** Shown in the language switch in their own language, so anyone can find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/** Maps a BCP 47 tag (navigator.language) to a supported locale: any zh* -> zh-CN, else en. */
export function matchLocale(tag: string | null | undefined): Locale {
  return tag && tag.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}
