// The app's translation entry point. t() reads the reactive locale, so markup
// that calls it re-renders when the language changes.

import { locale } from "../state/locale.svelte";
import type { MessageKey } from "./catalogs";
import { translate, type ParamsArg } from "./translate";

export type { Locale, MessageKey } from "./catalogs";
export { LOCALES, LOCALE_NAMES } from "./catalogs";
export type { PlainKey } from "./translate";

export function t<K extends MessageKey>(key: K, ...params: ParamsArg<K>): string {
  return translate(locale.current, key, ...params);
}
