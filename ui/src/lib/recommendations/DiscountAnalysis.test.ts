import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../../test/mockBackend";
import type { DiscountRowView } from "../backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: DiscountAnalysis } = await import("./DiscountAnalysis.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const row = (account: string, service: string, month: string, over: Partial<DiscountRowView> = {}): DiscountRowView => ({
  provider: "AWS",
  billing_account: account,
  service,
  currency: "USD",
  month,
  list: "1000",
  contracted: "800",
  effective: "700",
  negotiated_rate: "20.00",
  effective_rate: "30.00",
  no_discount: false,
  rate_change: null,
  ...over,
});

const rows = [
  row("111", "EC2", "2026-04"),
  row("111", "EC2", "2026-05", { contracted: "900", negotiated_rate: "10.00", effective_rate: "15.00", rate_change: "-10.00" }),
  row("222", "S3", "2026-04", { contracted: "1000", effective: "1000", negotiated_rate: "0.00", effective_rate: "0.00", no_discount: true }),
  row("222", "S3", "2026-05", { contracted: "1000", effective: "1000", negotiated_rate: "0.00", effective_rate: "0.00", no_discount: true }),
  row("333", "RDS", "2026-04"),
  row("333", "RDS", "2026-05"),
];

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.recommendations.discountAnalysis.mockResolvedValue(rows);
});

const series = () => screen.getAllByTestId("discount-series").map((r) => `${r.dataset.service} ${r.dataset.account}`);

describe("Discount analysis", () => {
  it("shows each series' negotiated rate by month, marks no discount and a changed rate, and filters to them", async () => {
    render(DiscountAnalysis);
    await screen.findByTestId("discounts-table");
    expect(mockBackend.recommendations.discountAnalysis).toHaveBeenCalledWith(6);
    expect(series()).toEqual(["EC2 111", "S3 222", "RDS 333"]);
    const [ec2, s3, rds] = screen.getAllByTestId("discount-series");
    const cells = (tr: HTMLElement) => [...tr.querySelectorAll<HTMLElement>("[data-testid=discount-cell]")];
    expect(cells(ec2!).map((c) => `${c.dataset.month} ${c.dataset.flag} ${c.textContent!.trim()}`)).toEqual([
      "2026-04  20.00%",
      "2026-05 changed 10.00% (-10.00)",
    ]);
    expect(cells(ec2!)[1]!.title).toContain("rate moved -10.00 points");
    expect(cells(s3!).map((c) => c.dataset.flag)).toEqual(["none", "none"]);
    expect(cells(s3!)[0]).toHaveTextContent("none");
    expect(rds).toHaveTextContent("30.00%");
    expect(ec2).toHaveTextContent("15.00%");

    await fireEvent.click(screen.getByTestId("discounts-only-notable"));
    await waitFor(() => expect(series()).toEqual(["EC2 111", "S3 222"]));
  });

  it("says when the bills carry no list prices, and speaks Chinese", async () => {
    mockBackend.recommendations.discountAnalysis.mockResolvedValue([]);
    locale.set("zh-CN");
    render(DiscountAnalysis);
    expect(await screen.findByTestId("discounts-empty")).toHaveTextContent("没有刊例价");
    expect(screen.getByTestId("recs-discounts")).toHaveTextContent("折扣分析");
  });
});
