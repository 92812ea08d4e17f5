// Amounts a page holds in their own currency (a budget's, an anomaly's
// billing currency) also in the display currency, each at the rate of its own
// day, asked of the core in one batch per page. Nothing is converted when the
// user chose billing currencies or the amount is already in the display one.

import { backend, type AmountOn } from "../backend";

const keyOf = (a: AmountOn): string => `${a.amount}|${a.currency}|${a.date}`;

export class ConvertedAmounts {
  #values = $state.raw<Map<string, string | null>>(new Map());
  to = $state<string | null>(null);
  ratesThrough = $state<string | null>(null);
  #request = 0;

  /** Converts `items` into `to` (`null`: nothing to convert). */
  async load(items: AmountOn[], to: string | null): Promise<void> {
    const request = ++this.#request;
    const wanted = to ? items.filter((a) => a.currency !== to) : [];
    if (!to || wanted.length === 0) {
      this.#values = new Map();
      this.to = to;
      this.ratesThrough = null;
      return;
    }
    try {
      const answer = await backend.currency.convertAmounts(wanted, to);
      if (request !== this.#request) return;
      this.#values = new Map(wanted.map((a, i) => [keyOf(a), answer.amounts[i] ?? null]));
      this.to = to;
      this.ratesThrough = answer.rates_through;
    } catch {
      if (request === this.#request) this.#values = new Map();
    }
  }

  /** The amount in the display currency; `null` when a rate is missing, `undefined` when not asked. */
  get(item: AmountOn): string | null | undefined {
    return this.#values.get(keyOf(item));
  }
}
