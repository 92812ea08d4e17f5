import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it } from "vitest";
import Overview from "./Overview.svelte";
import { overviewFixture, cny, usd } from "../../test/fixtures/overview";
import { forecastSeries, withBand } from "../../test/fixtures/forecastBand";
import { locale } from "../state/locale.svelte";

function q(container: HTMLElement, selector: string): HTMLElement {
  const el = container.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`missing ${selector}`);
  return el;
}

beforeEach(() => {
  localStorage.clear();
  locale.set("en");
});

describe("Overview", () => {
  it("renders KPI figures for every currency with the exact amounts", () => {
    const { container } = render(Overview, { data: overviewFixture });
    expect(screen.getByTestId("overview")).toBeInTheDocument();
    for (const c of [cny, usd]) {
      const mtd = q(container, `[data-testid=kpi-mtd][data-currency=${c.currency}]`);
      expect(mtd).toHaveAttribute("data-amount", c.month_to_date);
      const last = q(container, `[data-testid=kpi-last-month][data-currency=${c.currency}]`);
      expect(last).toHaveAttribute("data-amount", c.last_month);
      const change = q(container, `[data-testid=kpi-change][data-currency=${c.currency}]`);
      expect(change).toHaveAttribute("data-change-pct", c.change_pct);
    }
    expect(q(container, "[data-testid=kpi-mtd][data-currency=CNY]")).toHaveTextContent("CN¥1,284,375.42");
    expect(q(container, "[data-testid=kpi-mtd][data-currency=USD]")).toHaveTextContent("$86,420.16");
    expect(q(container, "[data-testid=kpi-change][data-currency=CNY]")).toHaveAttribute("data-direction", "up");
    expect(q(container, "[data-testid=kpi-change][data-currency=CNY]")).toHaveTextContent("+8.2%");
    expect(q(container, "[data-testid=kpi-change][data-currency=USD]")).toHaveAttribute("data-direction", "down");
    expect(q(container, "[data-testid=kpi-change][data-currency=USD]")).toHaveTextContent("-7.4%");
  });

  it("shows every amount as an element carrying the exact decimal and its currency", () => {
    const { container } = render(Overview, { data: overviewFixture });
    const amounts = [...container.querySelectorAll<HTMLElement>("[data-amount]")];
    // 3 per KPI row x 2, 2 per provider row x 3, 10 services, 7 accounts (selected currency CNY).
    expect(amounts).toHaveLength(6 + 6 + 10 + 7);
    for (const el of amounts) {
      expect(el.dataset.amount).toMatch(/^-?\d+(\.\d+)?$/);
      expect(el.dataset.currency).toMatch(/^[A-Z]{3}$/);
    }
  });

  it("shows the as-of date", () => {
    render(Overview, { data: overviewFixture });
    const asOf = screen.getByTestId("as-of");
    expect(asOf).toHaveAttribute("data-date", "2025-11-25");
    expect(asOf).toHaveTextContent("Data through November 25, 2025");
  });

  it("switches the provider table and top lists with the currency tabs", async () => {
    const { container } = render(Overview, { data: overviewFixture });
    const tabs = screen.getAllByTestId("currency-tab");
    expect(tabs.map((t) => t.dataset.currency)).toEqual(["CNY", "USD"]);
    expect(q(container, "[data-testid=currency-tab][data-currency=CNY]")).toHaveAttribute("aria-selected", "true");

    const rows = () => screen.getAllByTestId("provider-row").map((r) => r.dataset.provider);
    expect(rows()).toEqual(["Alibaba Cloud", "Tencent Cloud", "AWS"]);
    const aws = q(container, "[data-testid=provider-row][data-provider=AWS]");
    expect(within(aws).getByTestId("provider-mtd")).toHaveAttribute("data-amount", "156357.155322");
    expect(within(aws).getByTestId("provider-mtd")).toHaveAttribute("data-currency", "CNY");

    await fireEvent.click(q(container, "[data-testid=currency-tab][data-currency=USD]"));

    expect(q(container, "[data-testid=currency-tab][data-currency=USD]")).toHaveAttribute("aria-selected", "true");
    expect(rows()).toEqual(["AWS", "Azure", "Google Cloud"]);
    const awsUsd = q(container, "[data-testid=provider-row][data-provider=AWS]");
    expect(within(awsUsd).getByTestId("provider-mtd")).toHaveAttribute("data-amount", "52318.774120");
    expect(within(awsUsd).getByTestId("provider-mtd")).toHaveTextContent("$52,318.77");
    expect(within(awsUsd).getByTestId("provider-last-month")).toHaveAttribute("data-amount", "63309.125571");
    expect(container.querySelectorAll("[data-testid=top-services] tbody tr")).toHaveLength(usd.top_services.length);
    expect(container.querySelectorAll("[data-testid=top-accounts] tbody tr")).toHaveLength(usd.top_accounts.length);
    // KPIs stay for every currency whatever the tab.
    expect(container.querySelectorAll("[data-testid=kpi-mtd]")).toHaveLength(2);
  });

  it("renders both charts and the top-10 tables", () => {
    const { container } = render(Overview, { data: overviewFixture });
    expect(q(container, "[data-testid=daily-chart] svg")).toHaveAttribute("viewBox", "0 0 960 320");
    expect(q(container, "[data-testid=provider-chart] svg")).toBeInTheDocument();
    expect(container.querySelectorAll("[data-testid=top-services] tbody tr")).toHaveLength(10);
    const first = q(container, "[data-testid=top-services] tbody tr");
    expect(first).toHaveTextContent("Elastic Compute Service");
    expect(first).toHaveTextContent("35.4%");
  });

  it("has no currency tabs for a single currency", () => {
    render(Overview, { data: { ...overviewFixture, currencies: [usd] } });
    expect(screen.queryAllByTestId("currency-tab")).toHaveLength(0);
    expect(screen.getAllByTestId("provider-row")).toHaveLength(3);
  });

  it("shows no comparison when last month had no spend", () => {
    const { container } = render(Overview, { data: { ...overviewFixture, currencies: [{ ...usd, change_pct: null }] } });
    const change = q(container, "[data-testid=kpi-change][data-currency=USD]");
    expect(change).toHaveAttribute("data-direction", "none");
    expect(change).toHaveTextContent("—");
  });

  it("formats for Chinese", () => {
    locale.set("zh-CN");
    const { container } = render(Overview, { data: overviewFixture });
    expect(q(container, "[data-testid=kpi-mtd][data-currency=CNY]")).toHaveTextContent("¥1,284,375.42");
    expect(q(container, "[data-testid=kpi-mtd][data-currency=USD]")).toHaveTextContent("US$86,420.16");
    expect(screen.getByTestId("as-of")).toHaveTextContent("数据截至 2025年11月25日");
    expect(screen.getByText("本月至今", { selector: "th" })).toBeInTheDocument();
  });

  it("draws the daily chart again with its forecast band once computed", () => {
    const { container } = render(Overview, { data: overviewFixture, bands: [withBand(cny.daily_chart)] });
    const chart = q(container, "[data-testid=daily-chart]");
    expect(chart.querySelector("svg")).toBeInTheDocument();
    const card = q(container, "[data-testid=daily-card]");
    const legend = within(card).getByRole("list", { name: "Legend" });
    const labels = within(legend).getAllByRole("listitem").map((li) => li.textContent?.trim());
    // Each range once, whatever its two edges; the actual series first.
    expect(labels.slice(-3)).toEqual(["Forecast", "80% range", "95% range"]);
    expect(labels.filter((l) => l === "80% range")).toHaveLength(1);
    const note = q(container, "[data-testid=band-note]");
    expect(note).toHaveAttribute("data-state", "drawn");
    expect(note).toHaveTextContent("within 6% on average");
  });

  it("says why a currency has no band, and while the band is computed", async () => {
    const short = { currency: "CNY", chart: null, forecast: forecastSeries("CNY", { too_short: "Only 9 days of history." }) };
    const { container, rerender } = render(Overview, { data: overviewFixture, bands: [short] });
    expect(q(container, "[data-testid=band-note]")).toHaveAttribute("data-state", "none");
    expect(q(container, "[data-testid=band-note]")).toHaveTextContent("Only 9 days of history.");
    await rerender({ data: overviewFixture, bands: [], bandsLoading: true });
    expect(q(container, "[data-testid=band-note]")).toHaveAttribute("data-state", "loading");
    await rerender({ data: overviewFixture, bands: [], bandsLoading: false, bandsFailed: true });
    expect(q(container, "[data-testid=band-note]")).toHaveAttribute("data-state", "failed");
  });
});

describe("Overview in a display currency", () => {
  const converted = {
    ...overviewFixture,
    currencies: [{ ...usd, currency: "USD" }],
    conversion: {
      currency: "USD",
      billing_currencies: ["CNY", "USD"],
      rates_through: "2025-11-01",
      missing_rates: [{ date: "2025-09-01", from: "CNY", to: "USD", amount: "120.5" }],
    },
  };

  it("shows one total, names the rates it used and flags the missing ones", () => {
    const { container } = render(Overview, { data: converted });
    expect(container.querySelectorAll("[data-testid=kpi-mtd]")).toHaveLength(1);
    const note = screen.getByTestId("conversion-note");
    expect(note).toHaveAttribute("data-mode", "converted");
    expect(note).toHaveTextContent("All amounts in USD, converted from CNY, USD at the rates in Settings › Currency");
    expect(note).toHaveAttribute("data-rates-through", "2025-11-01");
    expect(screen.getByTestId("missing-rate")).toHaveAttribute("data-from", "CNY");
    expect(screen.queryByTestId("currency-tab")).toBeNull();
  });

  it("says billing currencies are shown apart when the user chose them", () => {
    render(Overview, { data: overviewFixture });
    expect(screen.getByTestId("conversion-note")).toHaveAttribute("data-mode", "billing");
    expect((screen.getByTestId("page-display-currency") as HTMLSelectElement).value).toBe("");
  });

  it("reads in Chinese", () => {
    locale.set("zh-CN");
    render(Overview, { data: converted });
    expect(screen.getByTestId("conversion-note")).toHaveTextContent("所有金额均为 USD");
  });

  it("lists a service two providers bill under the same name once for each", () => {
    const shared = { ...cny.top_services[5]!, provider: "Tencent Cloud", amount: "100.000000", share_pct: "0.01" };
    const data = {
      ...overviewFixture,
      currencies: [{ ...cny, top_services: [...cny.top_services, shared] }, usd],
    };
    const { container } = render(Overview, { data });
    const cdn = [...container.querySelectorAll<HTMLElement>("[data-testid=top-services] tbody tr[data-key=cdn]")];
    expect(cdn.map((r) => r.dataset.provider)).toEqual(["Alibaba Cloud", "Tencent Cloud"]);
  });
});
