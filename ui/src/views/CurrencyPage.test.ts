import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { ExchangeRate } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: CurrencyPage } = await import("./CurrencyPage.svelte");
const { rates } = await import("$lib/state/currencyRates.svelte");
const { defaultDisplayCurrency, displayCurrency } = await import("$lib/state/currency.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const table: ExchangeRate[] = [
  { date: "2025-01-01", from: "USD", to: "CNY", rate: "7.1884" },
  { date: "2025-02-01", from: "USD", to: "CNY", rate: "7.2993" },
  { date: "2025-01-01", from: "EUR", to: "USD", rate: "1.0389" },
];

beforeEach(() => {
  resetMockBackend();
  rates.reset();
  localStorage.clear();
  displayCurrency.reset();
  locale.set("en");
  mockBackend.currency.exchangeRates.mockResolvedValue(table);
});

const shownRates = () => screen.getAllByTestId("rate-row").map((r) => `${r.dataset.date} ${r.dataset.pair} ${r.dataset.rate}`);

describe("Exchange-rate table", () => {
  it("sorts by any column and filters by pair", async () => {
    render(CurrencyPage);
    await screen.findAllByTestId("rate-row");
    expect(shownRates()[0]).toBe("2025-02-01 USD/CNY 7.2993");
    await fireEvent.click(screen.getByTestId("rate-sort-rate"));
    expect(shownRates()).toEqual(["2025-02-01 USD/CNY 7.2993", "2025-01-01 USD/CNY 7.1884", "2025-01-01 EUR/USD 1.0389"]);
    await fireEvent.click(screen.getByTestId("rate-sort-rate"));
    expect(shownRates()[0]).toBe("2025-01-01 EUR/USD 1.0389");
    await fireEvent.change(screen.getByTestId("rate-pair-filter"), { target: { value: "USD/CNY" } });
    expect(shownRates()).toHaveLength(2);
    expect(screen.getByTestId("rates-card")).toHaveTextContent("2 of 3 rates");
  });

  it("refuses a rate that is not an exact decimal and adds a valid one", async () => {
    render(CurrencyPage);
    await screen.findAllByTestId("rate-row");
    await fireEvent.input(screen.getByTestId("rate-date"), { target: { value: "2025-03-01" } });
    await fireEvent.input(screen.getByTestId("rate-value"), { target: { value: "7,25" } });
    await fireEvent.click(screen.getByTestId("rate-submit"));
    expect(screen.getByTestId("rate-problem")).toHaveTextContent("The rate must be a decimal number");
    expect(mockBackend.currency.setExchangeRate).not.toHaveBeenCalled();

    mockBackend.currency.exchangeRates.mockResolvedValue([...table, { date: "2025-03-01", from: "USD", to: "CNY", rate: "7.25" }]);
    await fireEvent.input(screen.getByTestId("rate-value"), { target: { value: "7.25" } });
    await fireEvent.click(screen.getByTestId("rate-submit"));
    await waitFor(() => expect(mockBackend.currency.setExchangeRate).toHaveBeenCalledWith({ date: "2025-03-01", from: "USD", to: "CNY", rate: "7.25" }));
    await waitFor(() => expect(screen.getAllByTestId("rate-row")).toHaveLength(4));
    expect(screen.queryByTestId("rate-problem")).toBeNull();
  });

  it("edits a rate; a changed date replaces the old entry", async () => {
    render(CurrencyPage);
    const rows = await screen.findAllByTestId("rate-row");
    const eur = rows.find((r) => r.dataset.pair === "EUR/USD") as HTMLElement;
    await fireEvent.click(within(eur).getByTestId("rate-edit"));
    expect(screen.getByTestId("rate-form")).toHaveAttribute("data-editing", "true");
    expect(screen.getByTestId("rate-value")).toHaveValue("1.0389");
    await fireEvent.input(screen.getByTestId("rate-date"), { target: { value: "2025-01-02" } });
    await fireEvent.input(screen.getByTestId("rate-value"), { target: { value: "1.0401" } });
    await fireEvent.click(screen.getByTestId("rate-submit"));
    await waitFor(() => expect(mockBackend.currency.setExchangeRate).toHaveBeenCalledWith({ date: "2025-01-02", from: "EUR", to: "USD", rate: "1.0401" }));
    expect(mockBackend.currency.removeExchangeRate).toHaveBeenCalledWith(table[2]);
    await waitFor(() => expect(screen.getByTestId("rate-form")).toHaveAttribute("data-editing", "false"));
  });

  it("removes a rate after confirmation and shows a refusal", async () => {
    mockBackend.currency.removeExchangeRate.mockRejectedValueOnce({ code: "storage", message: "database is locked" });
    render(CurrencyPage);
    const rows = await screen.findAllByTestId("rate-row");
    await fireEvent.click(within(rows[0] as HTMLElement).getByTestId("rate-remove"));
    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("USD/CNY on 2025-02-01 (7.2993)");
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(screen.queryByTestId("confirm-dialog")).toBeNull());
    expect(mockBackend.currency.removeExchangeRate).toHaveBeenLastCalledWith(table[1]);
  });

  it("shows the error when the table cannot be read", async () => {
    mockBackend.currency.exchangeRates.mockRejectedValue({ code: "not_ready", message: "exchange_rates is not built yet" });
    render(CurrencyPage);
    expect(await screen.findByTestId("rates-error")).toHaveTextContent("exchange_rates is not built yet");
  });
});

describe("CSV import", () => {
  it("imports a chosen file and counts added and replaced rates", async () => {
    mockBackend.dialogs.pickOpenFile.mockResolvedValue("/rates/2025.csv");
    mockBackend.currency.importExchangeRates.mockResolvedValue({ added: 12, replaced: 2, notes: [] });
    render(CurrencyPage);
    await screen.findAllByTestId("rate-row");
    await fireEvent.click(screen.getByTestId("rate-import-choose"));
    expect(await screen.findByTestId("rate-import-result")).toHaveTextContent("Imported: 12 added, 2 replaced.");
    expect(mockBackend.dialogs.pickOpenFile).toHaveBeenCalledWith("CSV", ["csv"]);
    expect(mockBackend.currency.importExchangeRates).toHaveBeenCalledWith("/rates/2025.csv");
    expect(mockBackend.currency.exchangeRates).toHaveBeenCalledTimes(2);
  });

  it("does nothing when the dialog is cancelled", async () => {
    render(CurrencyPage);
    await fireEvent.click(screen.getByTestId("rate-import-choose"));
    await waitFor(() => expect(mockBackend.dialogs.pickOpenFile).toHaveBeenCalled());
    expect(mockBackend.currency.importExchangeRates).not.toHaveBeenCalled();
  });

  it("shows where a typed file was refused", async () => {
    mockBackend.currency.importExchangeRates.mockRejectedValue({ code: "invalid_input", message: "/tmp/r.csv, line 4, column rate: 'seven' is not a decimal number" });
    render(CurrencyPage);
    await fireEvent.input(screen.getByTestId("rate-import-path"), { target: { value: " /tmp/r.csv " } });
    await fireEvent.click(screen.getByTestId("rate-import-go"));
    expect(await screen.findByTestId("rate-import-error")).toHaveTextContent("line 4, column rate: 'seven' is not a decimal number");
    expect(mockBackend.currency.importExchangeRates).toHaveBeenCalledWith("/tmp/r.csv");
  });
});

describe("Display currency", () => {
  it("offers the table's currencies and remembers the choice", async () => {
    render(CurrencyPage);
    await screen.findAllByTestId("rate-row");
    const select = screen.getByTestId("display-currency") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["", "CNY", "EUR", "USD"]);
    await fireEvent.change(select, { target: { value: "CNY" } });
    expect(displayCurrency.current).toBe("CNY");
    expect(localStorage.getItem("cloudlens.displayCurrency")).toBe("CNY");
    displayCurrency.reset();
    expect(displayCurrency.current).toBe("CNY");
    await fireEvent.change(select, { target: { value: "" } });
    expect(displayCurrency.current).toBeNull();
    // Billing currencies is a choice that is kept, not the absence of one.
    expect(localStorage.getItem("cloudlens.displayCurrency")).toBe("billing");
    displayCurrency.reset();
    expect(displayCurrency.current).toBeNull();
  });

  it("converts into the language's currency until the user chooses", () => {
    localStorage.removeItem("cloudlens.displayCurrency");
    displayCurrency.reset();
    expect(displayCurrency.current).toBe(defaultDisplayCurrency(navigator.language));
    expect(defaultDisplayCurrency("zh-CN")).toBe("CNY");
    expect(defaultDisplayCurrency("en-US")).toBe("USD");
    expect(defaultDisplayCurrency(undefined)).toBe("USD");
  });
});
