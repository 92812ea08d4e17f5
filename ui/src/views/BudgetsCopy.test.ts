import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { BudgetCopyItem, BudgetView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: BudgetsPage } = await import("./BudgetsPage.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const template: BudgetView = {
  id: 1,
  spec: {
    name: "Cloud",
    filters: [{ dimension: "provider", values: ["Alibaba Cloud"], exclude: false }],
    metric: "billed",
    period: "month",
    fiscal_start: 1,
    amount: "1000",
    currency: "CNY",
    thresholds: [{ kind: "actual", percent: 100 }],
    channels: [],
    apply_shared_costs: false,
  },
  period: "2026-05",
  period_start: "2026-05-01",
  period_end: "2026-05-31",
  as_of: "2026-05-20",
  actual: "500",
  forecast: null,
  forecast_lo80: null,
  forecast_hi80: null,
  percent_used: 50,
  forecast_percent: null,
  status: "on_track",
  thresholds: [{ kind: "actual", percent: 100, crossed_on: null }],
  missing_rates: [],
  notes: [],
};

const items: BudgetCopyItem[] = [
  { name: "Cloud · web", value: "web", amount: "1100", basis_amount: "1000", basis_period: "2026-04" },
  { name: "Cloud · data", value: "data", amount: "220", basis_amount: "200", basis_period: "2026-04" },
];

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.budgets.budgets.mockResolvedValue([template]);
  mockBackend.budgets.budget.mockResolvedValue({ budget: template, history: [], chart: null });
  mockBackend.explore.dimensions.mockResolvedValue({ dimensions: ["provider", "tag:team", "service"] });
  mockBackend.budgets.copyBudgets.mockResolvedValue(items);
});

async function openCopy() {
  render(BudgetsPage);
  await fireEvent.click(await screen.findByTestId("budget-copy"));
  await screen.findByTestId("budget-copy-form");
  // The template keeps only some providers: provider is not offered.
  await waitFor(() => expect(screen.getAllByRole("option").map((o) => o.textContent)).toEqual(["tag:team", "service"]));
}

describe("Copying a budget per value", () => {
  it("previews last period's spend + N% without saving, then creates all the copies", async () => {
    await openCopy();
    await fireEvent.input(screen.getByTestId("budget-copy-adjust"), { target: { value: "10" } });
    await fireEvent.click(screen.getByTestId("budget-copy-preview-button"));
    const rows = await screen.findAllByTestId("budget-copy-item");
    expect(rows.map((r) => r.dataset.value)).toEqual(["web", "data"]);
    expect(rows[0]).toHaveTextContent("2026-04");
    expect(mockBackend.budgets.copyBudgets).toHaveBeenLastCalledWith(
      { template: template.spec, dimension: "tag:team", basis: "last_period_spend", adjust_percent: 10 },
      false,
    );
    expect(screen.getByTestId("budget-copy-create")).toHaveTextContent("Create 2 budgets");
    await fireEvent.click(screen.getByTestId("budget-copy-create"));
    await waitFor(() => expect(mockBackend.budgets.copyBudgets).toHaveBeenLastCalledWith(expect.anything(), true));
    await waitFor(() => expect(screen.queryByTestId("budget-copy-form")).toBeNull());
    expect(mockBackend.budgets.budgets).toHaveBeenCalledTimes(2);
  });

  it("copies the same amount, refuses a cut of 100% or more, and shows the core's refusal", async () => {
    await openCopy();
    await fireEvent.input(screen.getByTestId("budget-copy-adjust"), { target: { value: "-100" } });
    expect(screen.getByTestId("budget-copy-adjust-problem")).toHaveTextContent("above -100");
    await fireEvent.click(screen.getByTestId("budget-copy-preview-button"));
    expect(mockBackend.budgets.copyBudgets).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("budget-copy-basis-amount"));
    await fireEvent.change(screen.getByTestId("budget-copy-dimension"), { target: { value: "service" } });
    mockBackend.budgets.copyBudgets.mockRejectedValue({ code: "invalid_input", message: "name: budgets named Cloud · web exist already" });
    await fireEvent.click(screen.getByTestId("budget-copy-preview-button"));
    await waitFor(() =>
      expect(mockBackend.budgets.copyBudgets).toHaveBeenLastCalledWith(
        { template: template.spec, dimension: "service", basis: "template_amount", adjust_percent: 0 },
        false,
      ),
    );
    expect(await screen.findByTestId("budget-copy-error")).toHaveTextContent("exist already");
  });

  it("speaks Chinese", async () => {
    locale.set("zh-CN");
    await openCopy();
    expect(screen.getByTestId("budget-copy-form")).toHaveTextContent("上一周期的支出");
    await fireEvent.click(screen.getByTestId("budget-copy-preview-button"));
    expect(await screen.findByTestId("budget-copy-create")).toHaveTextContent("创建 2 个预算");
  });
});
