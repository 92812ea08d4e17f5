import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { AlertView, ChannelView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: AlertsPage } = await import("./AlertsPage.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const ops: ChannelView = {
  name: "ops",
  kind: "dingtalk",
  language: "zh-CN",
  host: "oapi.dingtalk.com",
  signed: true,
  ready: true,
  created_at: "2026-05-01T00:00:00Z",
};

const alert: AlertView = {
  id: 7,
  source: "budget",
  severity: "critical",
  subject: "Budget Alibaba is over: 120.0% used",
  summary: "12,000.50 CNY of 10,000 CNY",
  created: "2026-05-20T08:00:00Z",
  open_view: "budgets",
  open_item: "Alibaba",
  deliveries: [
    { channel: "ops", status: "sent", attempts: 1, last_error: null },
    { channel: "hook", status: "queued", attempts: 2, last_error: "HTTP 503" },
  ],
};

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.alerts.alertChannels.mockResolvedValue([ops]);
  mockBackend.alerts.alertHistory.mockResolvedValue({ alerts: [alert] });
});

describe("Alerts page", () => {
  it("lists channels by host only and the history with each delivery's status", async () => {
    render(AlertsPage);
    const row = await screen.findByTestId("channel-row");
    expect(row).toHaveTextContent("oapi.dingtalk.com");
    expect(row).toHaveTextContent("DingTalk robot · signed");
    const deliveries = await screen.findAllByTestId("delivery");
    expect(deliveries.map((d) => `${d.dataset.channel} ${d.dataset.status}`)).toEqual(["ops sent", "hook queued"]);
    expect(deliveries[1]).toHaveTextContent("2 attempts");
    expect(deliveries[1]).toHaveTextContent("HTTP 503");
    expect(mockBackend.alerts.alertHistory).toHaveBeenCalledWith("en", 100);
  });

  it("asks for what each kind needs and sends the URL and secret once", async () => {
    render(AlertsPage);
    await screen.findByTestId("channel-row");
    await fireEvent.change(screen.getByTestId("channel-kind"), { target: { value: "webhook" } });
    await fireEvent.click(screen.getByTestId("channel-submit"));
    expect(screen.getAllByTestId("channel-problem").map((p) => p.textContent)).toEqual([
      "Give the channel a name.",
      "Enter the webhook URL, starting with https://.",
      "A generic webhook needs a signing secret.",
    ]);
    expect(mockBackend.alerts.addAlertChannel).not.toHaveBeenCalled();

    await fireEvent.input(screen.getByTestId("channel-name"), { target: { value: "hook" } });
    await fireEvent.input(screen.getByTestId("channel-url"), { target: { value: "https://hooks.example/abc?token=1" } });
    await fireEvent.input(screen.getByTestId("channel-secret"), { target: { value: "s3cret" } });
    mockBackend.alerts.addAlertChannel.mockResolvedValue({ ...ops, name: "hook", kind: "webhook", host: "hooks.example" });
    await fireEvent.click(screen.getByTestId("channel-submit"));
    await waitFor(() =>
      expect(mockBackend.alerts.addAlertChannel).toHaveBeenCalledWith({
        name: "hook",
        kind: "webhook",
        language: "en",
        url: "https://hooks.example/abc?token=1",
        secret: "s3cret",
      }),
    );
    expect((screen.getByTestId("channel-url") as HTMLInputElement).value).toBe("");

    await fireEvent.change(screen.getByTestId("channel-kind"), { target: { value: "desktop" } });
    expect(screen.queryByTestId("channel-url")).toBeNull();
    expect(screen.queryByTestId("channel-secret")).toBeNull();
  });

  it("sends a test and shows the platform's refusal", async () => {
    mockBackend.alerts.testAlertChannel.mockResolvedValue({ sent: false, error: "errcode 310000: sign not match" });
    render(AlertsPage);
    await screen.findByTestId("channel-row");
    await fireEvent.click(screen.getByTestId("channel-test"));
    expect(await screen.findByTestId("channel-test-result")).toHaveTextContent("sign not match");
    expect(mockBackend.alerts.testAlertChannel).toHaveBeenCalledWith("ops");
  });

  it("evaluates on demand and speaks Chinese", async () => {
    mockBackend.alerts.evaluateAlerts.mockResolvedValue({ as_of: "2026-05-20", raised: 2, known: 0, sent: 2, failed: 0, waiting: 1, missing_channels: [] });
    locale.set("zh-CN");
    render(AlertsPage);
    await screen.findByTestId("channel-row");
    await fireEvent.click(screen.getByTestId("alerts-evaluate"));
    expect(await screen.findByTestId("alerts-evaluation")).toHaveTextContent("新告警 2 条；发送：成功 2，失败 0，等待 1。");
    expect(mockBackend.alerts.alertHistory).toHaveBeenCalledWith("zh-CN", 100);
  });
});
