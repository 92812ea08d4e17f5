// Pure message lookup and interpolation; the reactive `t` in ./index.ts binds it
// to the current locale.

import { en } from "./en";
import { catalogs, type Locale, type MessageKey } from "./catalogs";

/** The {placeholder} names in a message literal type. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

export type ParamValue = string | number;

/** A key's params: none for plain messages, all placeholders (required) otherwise. */
export type ParamsArg<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, ParamValue>];

const PLACEHOLDER = /\{(\w+)\}/g;

export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").sort();
}

export function translate<K extends MessageKey>(locale: Locale, key: K, ...args: ParamsArg<K>): string {
  const message = catalogs[locale][key] ?? en[key];
  const params = args[0] as Record<string, ParamValue> | undefined;
  if (!params) return message;
  return message.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    // Numbers get the locale's digit grouping ("12,345" / "12,345").
    return typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : value;
  });
}

/** Keys whose message takes no params (usable where only a key is stored, e.g. nav labels). */
export type PlainKey = { [K in MessageKey]: ParamsArg<K> extends [] ? K : never }[MessageKey];
