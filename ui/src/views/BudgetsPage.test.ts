import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { BudgetDetail, BudgetSpec, BudgetView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: BudgetsPage } = await import("./BudgetsPage.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { displayCurrency } = await import("$lib/state/currency.svelte");

const spec = (name: string, amount: string): BudgetSpec => ({
  name,
  filters: [{ dimension: "provider", values: ["Alibaba Cloud"], exclude: false }],
  metric: "billed",
  period: "month",
  fiscal_start: 1,
  amount,
  currency: "CNY",
  thresholds: [
    { kind: "actual", percent: 80 },
    { kind: "actual", percent: 100 },
    { kind: "forecast", percent: 100 },
  ],
  channels: [],
  apply_shared_costs: false,
});

const view = (name: string, amount: string, status: BudgetView["status"], used: number): BudgetView => ({
  id: name.length,
  spec: spec(name, amount),
  period: "2026-05",
  period_start: "2026-05-01",
  period_end: "2026-05-31",
  as_of: "2026-05-20",
  actual: "12000.50",
  forecast: "19000.00",
  forecast_lo80: "17000.00",
  forecast_hi80: "21000.00",
  percent_used: used,
  forecast_percent: used * 1.5,
  status,
  thresholds: [
    { kind: "actual", percent: 80, crossed_on: status === "over" ? "2026-05-12" : null },
    { kind: "actual", percent: 100, crossed_on: status === "over" ? "2026-05-16" : null },
    { kind: "forecast", percent: 100, crossed_on: status === "on_track" ? null : "2026-05-20" },
  ],
  missing_rates: [],
  notes: [],
});

const list = [view("Alibaba", "10000", "over", 120.0), view("Platform team", "50000", "on_track", 24.0)];

const detail = (v: BudgetView): BudgetDetail => ({
  budget: v,
  history: [{ period: "2026-04", amount: v.spec.amount, actual: "9000.00", percent_used: 90, over: false }],
  chart: null,
});

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.budgets.budgets.mockResolvedValue(list);
  mockBackend.budgets.budget.mockImplementation(async (name) => detail(list.find((b) => b.spec.name === name)!));
  mockBackend.explore.dimensions.mockResolvedValue({ dimensions: ["provider", "service", "tag:team"] });
  mockBackend.alerts.alertChannels.mockResolvedValue([
    { name: "ops", kind: "dingtalk", language: "zh-CN", host: "oapi.dingtalk.com", signed: true, ready: true, created_at: "2026-05-01T00:00:00Z" },
  ]);
});

describe("Budgets page", () => {
  it("shows each CNY budget figure in the display currency too, at the rate of the day the figures are as of", async () => {
    displayCurrency.set("USD");
    mockBackend.currency.convertAmounts.mockImplementation(async (amounts, to) => ({
      currency: to,
      amounts: amounts.map((a) => (a.amount === "19000.00" ? null : (Number(a.amount) / 7).toFixed(2))),
      rates_through: "2026-05-01",
    }));
    render(BudgetsPage);
    const rows = await screen.findAllByTestId("budget-row");
    await waitFor(() => expect(within(rows[0]!).getAllByTestId("also-in").length).toBe(3));
    const also = within(rows[0]!).getAllByTestId("also-in");
    expect(also.map((e) => e.dataset.amount)).toEqual(["1714.36", "1428.57", ""]);
    expect(also[2]).toHaveTextContent("no USD rate that day");
    expect(mockBackend.currency.convertAmounts).toHaveBeenCalledWith(expect.arrayContaining([{ amount: "10000", currency: "CNY", date: "2026-05-20" }]), "USD");
    expect(screen.getByTestId("budgets-also-in-note")).toHaveTextContent("rates through 2026-05-01");
    displayCurrency.set(null);
  });

  it("lists budgets with their status and opens the first one's figures, thresholds and history", async () => {
    render(BudgetsPage);
    const rows = await screen.findAllByTestId("budget-row");
    expect(rows.map((r) => `${r.dataset.name} ${r.dataset.status}`)).toEqual(["Alibaba over", "Platform team on_track"]);
    expect(within(rows[0]!).getByTestId("budget-status")).toHaveTextContent("Over");
    expect(rows[0]).toHaveTextContent("120.0% used");
    const d = await screen.findByTestId("budget-detail");
    expect(d.dataset.name).toBe("Alibaba");
    expect(screen.getByTestId("budget-actual").dataset.amount).toBe("12000.50");
    expect(screen.getByTestId("budget-thresholds")).toHaveTextContent("Crossed on 2026-05-12");
    expect(screen.getByTestId("budget-history")).toHaveTextContent("2026-04");
    await fireEvent.click(rows[1]!);
    await waitFor(() => expect(screen.getByTestId("budget-detail").dataset.name).toBe("Platform team"));
    expect(mockBackend.budgets.budget).toHaveBeenLastCalledWith("Platform team", "en");
  });

  it("checks the form field by field before sending, then creates the budget with its scope and channel", async () => {
    render(BudgetsPage);
    await screen.findAllByTestId("budget-row");
    await fireEvent.click(screen.getByTestId("budget-new"));
    await screen.findByTestId("budget-form");
    await fireEvent.input(screen.getByTestId("budget-amount"), { target: { value: "1,000" } });
    await fireEvent.click(screen.getByTestId("budget-submit"));
    const problems = screen.getAllByTestId("budget-problem").map((p) => p.textContent);
    expect(problems).toEqual(["Give the budget a name.", "The amount must be a decimal number above zero, e.g. 12000 or 12000.50."]);
    expect(mockBackend.budgets.addBudget).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId("budget-name"), { target: { value: "Team web" } });
    await fireEvent.input(screen.getByTestId("budget-amount"), { target: { value: "1000" } });
    await fireEvent.click(screen.getByTestId("budget-add-filter"));
    await fireEvent.change(screen.getByTestId("budget-filter-dimension"), { target: { value: "tag:team" } });
    await fireEvent.input(screen.getByTestId("budget-filter-values"), { target: { value: "web, " } });
    await waitFor(() => expect(screen.getAllByTestId("budget-channel")).toHaveLength(1));
    await fireEvent.click(screen.getByTestId("budget-channel"));
    const created = view("Team web", "1000", "on_track", 10);
    mockBackend.budgets.addBudget.mockResolvedValue(created);
    mockBackend.budgets.budgets.mockResolvedValue([...list, created]);
    mockBackend.budgets.budget.mockResolvedValue(detail(created));
    await fireEvent.click(screen.getByTestId("budget-submit"));
    await waitFor(() => expect(mockBackend.budgets.addBudget).toHaveBeenCalledTimes(1));
    const [sent, lang] = mockBackend.budgets.addBudget.mock.calls[0]!;
    expect(lang).toBe("en");
    expect(sent).toMatchObject({
      name: "Team web",
      amount: "1000",
      currency: "CNY",
      period: "month",
      filters: [{ dimension: "tag:team", values: ["web", null], exclude: false }],
      thresholds: [
        { kind: "actual", percent: 80 },
        { kind: "actual", percent: 100 },
        { kind: "forecast", percent: 100 },
      ],
      channels: ["ops"],
    });
    await waitFor(() => expect(screen.queryByTestId("budget-form")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("budget-detail").dataset.name).toBe("Team web"));
  });

  it("shows the core's refusal as it comes", async () => {
    mockBackend.budgets.addBudget.mockRejectedValue({ code: "invalid_input", message: "a budget named Alibaba exists" });
    render(BudgetsPage);
    await screen.findAllByTestId("budget-row");
    await fireEvent.click(screen.getByTestId("budget-new"));
    await fireEvent.input(await screen.findByTestId("budget-name"), { target: { value: "Alibaba" } });
    await fireEvent.input(screen.getByTestId("budget-amount"), { target: { value: "5" } });
    await fireEvent.click(screen.getByTestId("budget-submit"));
    expect(await screen.findByTestId("budget-error")).toHaveTextContent("a budget named Alibaba exists");
  });

  it("speaks Chinese", async () => {
    locale.set("zh-CN");
    render(BudgetsPage);
    const rows = await screen.findAllByTestId("budget-row");
    expect(within(rows[0]!).getByTestId("budget-status")).toHaveTextContent("已超支");
    expect(rows[0]).toHaveTextContent("已用 120.0%");
    expect(mockBackend.budgets.budgets).toHaveBeenCalledWith("zh-CN");
  });
});
