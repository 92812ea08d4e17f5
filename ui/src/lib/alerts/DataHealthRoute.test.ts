import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../../test/mockBackend";
import type { ChannelView } from "../backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: DataHealthRoute } = await import("./DataHealthRoute.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const channel = (name: string): ChannelView => ({
  name,
  kind: "webhook",
  language: "en",
  host: "127.0.0.1",
  signed: true,
  ready: true,
  created_at: "2026-05-01T00:00:00Z",
});
const channels = [channel("ops"), channel("audit")];
const base = { stale_after_days: 5, evaluate_every_minutes: 30, keep_in_tray: true };

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.alerts.alertSettings.mockResolvedValue({ ...base, data_health_channels: null });
});

describe("Where data-health alerts go", () => {
  it("defaults to every channel and saves a chosen one, keeping the other settings", async () => {
    render(DataHealthRoute, { channels });
    await waitFor(() => expect(screen.getByTestId("data-health-every")).toBeChecked());
    await fireEvent.click(screen.getByTestId("data-health-some"));
    expect(screen.getByTestId("data-health-none")).toBeInTheDocument();
    const boxes = screen.getAllByTestId("data-health-channel");
    expect(boxes.map((b) => b.dataset.name)).toEqual(["ops", "audit"]);
    await fireEvent.click(boxes[1]!);
    await fireEvent.click(screen.getByTestId("data-health-save"));
    await waitFor(() => expect(mockBackend.alerts.setAlertSettings).toHaveBeenCalledWith({ ...base, data_health_channels: ["audit"] }));
    expect(await screen.findByTestId("data-health-saved")).toHaveTextContent("Saved");

    await fireEvent.click(screen.getByTestId("data-health-every"));
    await fireEvent.click(screen.getByTestId("data-health-save"));
    await waitFor(() => expect(mockBackend.alerts.setAlertSettings).toHaveBeenLastCalledWith({ ...base, data_health_channels: null }));
  });

  it("shows the saved choice, in Chinese", async () => {
    locale.set("zh-CN");
    mockBackend.alerts.alertSettings.mockResolvedValue({ ...base, data_health_channels: ["ops"] });
    render(DataHealthRoute, { channels });
    await waitFor(() => expect(screen.getByTestId("data-health-some")).toBeChecked());
    const [ops, audit] = screen.getAllByTestId("data-health-channel");
    expect(ops).toBeChecked();
    expect(audit).not.toBeChecked();
    expect(screen.getByTestId("data-health-route")).toHaveTextContent("数据健康告警");
  });
});
