// Pure message lookup and interpolation; the reactive `t` in ./index.ts binds it
// to the current locale.

import { en } from "./en";
import { catalogs, type Locale, type MessageKey } from "./catalogs";

/** A placeholder's name: `{count}`, or `{count:# file|# files}` with English plural forms. */
type NameOf<P extends string> = P extends `${infer N}:${string}` ? N : P;

/** The {placeholder} names in a message literal type. */
type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? NameOf<P> | Placeholders<Rest> : never;

export type ParamValue = string | number;

/** A key's params: none for plain messages, all placeholders (required) otherwise. */
export type ParamsArg<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, ParamValue>];

// `{name}`, or `{name:one|other}` where `#` in the chosen form is the number:
// English needs "1 file" / "2 files"; Chinese messages use the plain form.
const PLACEHOLDER = /\{(\w+)(?::([^|{}]*)\|([^{}]*))?\}/g;

export function placeholdersOf(message: string): string[] {
  return [...message.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").sort();
}

export function translate<K extends MessageKey>(locale: Locale, key: K, ...args: ParamsArg<K>): string {
  const message = catalogs[locale][key] ?? en[key];
  const params = args[0] as Record<string, ParamValue> | undefined;
  if (!params) return message;
  return message.replace(PLACEHOLDER, (whole, name: string, one: string | undefined, other: string | undefined) => {
    const value = params[name];
    if (value === undefined) return whole;
    // Numbers get the locale's digit grouping ("12,345" / "12,345").
    const text = typeof value === "number" ? new Intl.NumberFormat(locale).format(value) : value;
    if (one === undefined || other === undefined) return text;
    return (pluralOf(locale, value) === "one" ? one : other).replaceAll("#", text);
  });
}

/** The plural category of a count given as a number or as already formatted text. */
function pluralOf(locale: Locale, value: ParamValue): Intl.LDMLPluralRule {
  const count = typeof value === "number" ? value : Number(value.replace(/[,\s\u00a0]/g, ""));
  return Number.isFinite(count) ? new Intl.PluralRules(locale).select(count) : "other";
}

/** Keys whose message takes no params (usable where only a key is stored, e.g. nav labels). */
export type PlainKey = { [K in MessageKey]: ParamsArg<K> extends [] ? K : never }[MessageKey];
