// Money display. Input is the backend's exact decimal string; it is rounded
// HALF AWAY FROM ZERO (0.005 -> 0.01, -0.005 -> -0.01) to the currency's minor
// unit (2 for USD/CNY, 0 for JPY, as Intl knows them) with BigInt arithmetic,
// then laid out by Intl for the locale: grouping, symbol, minus sign.
// Amounts in different currencies are never added together anywhere in the UI.

import { parseDecimal } from "./decimal";
import { cachedNumberFormat, formatDecimal } from "./number";

const digitsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (USD 2, JPY 0, KWD 3). */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2; // malformed code: keep the usual cents
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

function moneyFormat(locale: string, currency: string, digits: number): Intl.NumberFormat {
  return cachedNumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: "symbol",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/**
 * "1234567.891" USD -> "$1,234,567.89" (en) / "US$1,234,567.89" (zh-CN).
 * Text that is not a decimal is shown as it came, with its currency code, rather
 * than hiding a figure behind an error.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  try {
    const digits = currencyDigits(currency);
    return formatDecimal(moneyFormat(locale, currency, digits), parseDecimal(amount), digits);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Localised currency name for headings ("Chinese Yuan" / "人民币"), falling back to the code. */
export function currencyName(currency: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "currency" }).of(currency) ?? currency;
  } catch {
    return currency;
  }
}
