import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emitDetection, mockBackend, resetMockBackend } from "../../test/mockBackend";
import { anomaly } from "../../test/fixtures/anomalies";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: OpenAnomaliesCard } = await import("./OpenAnomaliesCard.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { displayCurrency } = await import("$lib/state/currency.svelte");

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
});

const summary = () => ({ from: null, to: null, monitors: 3, series: 40, found: 1, updated: 0, withdrawn: 0, millis: 5, load_millis: 0, rejudged_monitors: [], missing_rates: [] });

describe("Open anomalies on the Overview", () => {
  it("shows the open count, their impact and the largest, and reloads after a detection run", async () => {
    mockBackend.anomalies.anomalyOverview.mockResolvedValue({ open: 2, impact: [{ currency: "USD", amount: "4512.34" }], impact_converted: null, top: [anomaly] });
    const onopen = vi.fn();
    render(OpenAnomaliesCard, { storeKey: "1:true", onopen });
    expect(await screen.findByTestId("overview-anomalies-count")).toHaveTextContent("2 open");
    expect(screen.getByTestId("overview-anomalies-impact")).toHaveAttribute("data-amount", "4512.34");
    expect(screen.getByTestId("overview-anomaly")).toHaveTextContent("Provider: AWS · Service: Amazon EC2");
    await waitFor(() => expect(mockBackend.on.anomalyUpdate).toHaveBeenCalled());
    mockBackend.anomalies.anomalyOverview.mockResolvedValue({ open: 0, impact: [], impact_converted: null, top: [] });
    emitDetection({ kind: "finished", summary: summary() });
    expect(await screen.findByTestId("overview-anomalies-none")).toHaveTextContent("No open anomalies in the last 30 days.");
    await fireEvent.click(screen.getByTestId("overview-anomalies-open"));
    expect(onopen).toHaveBeenCalled();
  });

  it("adds the open impact up in the display currency, saying how many amounts had no rate", async () => {
    displayCurrency.set("CNY");
    mockBackend.anomalies.anomalyOverview.mockResolvedValue({
      open: 3,
      impact: [
        { currency: "USD", amount: "100" },
        { currency: "EUR", amount: "5" },
      ],
      impact_converted: { currency: "CNY", amount: "710", missing: 1, rates_through: "2026-05-01" },
      top: [anomaly],
    });
    render(OpenAnomaliesCard, { storeKey: "1:true", onopen: vi.fn() });
    const total = await screen.findByTestId("overview-anomalies-converted");
    expect(total).toHaveAttribute("data-amount", "710");
    expect(total).toHaveTextContent("1 amount without a rate left out");
    expect(mockBackend.anomalies.anomalyOverview).toHaveBeenCalledWith("CNY");
    displayCurrency.set(null);
  });
});
