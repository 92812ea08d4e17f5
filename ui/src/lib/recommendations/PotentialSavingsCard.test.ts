import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../../test/mockBackend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../../test/mockBackend")).mockBackend,
}));

const { default: PotentialSavingsCard } = await import("./PotentialSavingsCard.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const list = (potential: { group: string; currency: string; amount: string; count: number }[]) => ({
  as_of: "2026-11-30",
  items: [],
  potential_by_kind: potential,
  potential_by_provider: [],
  realised_by_kind: [],
  realised_by_provider: [],
  display_potential: null,
  missing_rates: [],
});

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
});

describe("Potential savings on the Overview", () => {
  it("sums the kinds exactly within each currency, never across, and opens the Savings page", async () => {
    mockBackend.recommendations.recommendations.mockResolvedValue(
      list([
        { group: "idle", currency: "CNY", amount: "123.45", count: 2 },
        { group: "rightsize", currency: "CNY", amount: "0.10000001", count: 1 },
        { group: "commitment", currency: "USD", amount: "210.00", count: 1 },
      ]),
    );
    const onopen = vi.fn();
    render(PotentialSavingsCard, { storeKey: "1:true", onopen });
    const figures = await screen.findAllByTestId("overview-savings-figure");
    expect(figures.map((f) => [f.dataset.currency, f.dataset.amount])).toEqual([
      ["CNY", "123.55000001"],
      ["USD", "210.00"],
    ]);
    expect(figures[0]).toHaveTextContent("3 recommendations open or accepted");
    await fireEvent.click(screen.getByTestId("overview-savings-open"));
    expect(onopen).toHaveBeenCalled();
  });

  it("says so when there is nothing to save", async () => {
    render(PotentialSavingsCard, { storeKey: "1:true", onopen: () => {} });
    expect(await screen.findByTestId("overview-savings-none")).toBeInTheDocument();
  });
});
