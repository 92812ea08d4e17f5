import { fireEvent, render, screen } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import Overview from "./Overview.svelte";
import { overviewFixture } from "../../test/fixtures/overview";
import { locale } from "../state/locale.svelte";

beforeEach(() => {
  localStorage.clear();
  locale.set("en");
});

describe("Overview charge types", () => {
  it("hides a charge type and spreads period charges through its callback, saying what is hidden", async () => {
    const oncharges = vi.fn();
    render(Overview, { data: overviewFixture, charges: { hidden: ["credit"], spread_periods: false }, oncharges });
    expect(screen.getByTestId("charge-type-credit")).toHaveAttribute("aria-pressed", "false");
    expect(screen.getByTestId("charge-types-hidden")).toHaveTextContent("Hidden: Credits");
    await fireEvent.click(screen.getByTestId("charge-type-tax"));
    expect(oncharges).toHaveBeenLastCalledWith({ hidden: ["tax", "credit"], spread_periods: false });
    await fireEvent.click(screen.getByTestId("spread-toggle"));
    expect(oncharges).toHaveBeenLastCalledWith({ hidden: ["credit"], spread_periods: true });
  });

  it("offers no toggles without a callback", () => {
    render(Overview, { data: overviewFixture });
    expect(screen.queryByTestId("charge-types")).toBeNull();
  });
});
