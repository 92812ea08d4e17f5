import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import { BackendError, type BackupView, type UpdateSettingsView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../test/mockBackend")).mockBackend,
}));

const { default: SettingsPage } = await import("./SettingsPage.svelte");
const { maintenance } = await import("$lib/state/maintenance.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { status } = await import("$lib/state/status.svelte");
const { readyStatus } = await import("../test/fixtures/overview");

const settings = (over: Partial<UpdateSettingsView> = {}): UpdateSettingsView => ({
  checks: "off",
  ask: false,
  endpoint: "https://updates.example/latest.json",
  default_endpoint: "https://updates.example/latest.json",
  version: "0.1.0",
  can_verify: true,
  ...over,
});

const backup: BackupView = {
  path: "/media/usb/cloudlens.clbackup",
  bytes: 3 * 1024 * 1024,
  lines: 12000,
  runs: 3,
  own_passphrase: true,
  elapsed_ms: 420,
};

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  maintenance.offer = undefined;
  maintenance.installed = null;
  maintenance.backup = null;
  maintenance.restored = null;
  maintenance.check = null;
  maintenance.error = null;
});

describe("Settings → Updates", () => {
  it("asks once about online checks, off until answered, and says nothing goes out", async () => {
    mockBackend.maintenance.setUpdateChecks.mockResolvedValue(settings({ checks: "on" }));
    render(SettingsPage);
    const ask = await screen.findByTestId("update-ask");
    expect(screen.getByTestId("update-offline-note").textContent).toContain("no network call");
    expect((screen.getByTestId("update-check-now") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.click(within(ask).getByTestId("update-ask-yes"));
    expect(mockBackend.maintenance.setUpdateChecks).toHaveBeenCalledWith(true, "");
    await waitFor(() => expect(screen.queryByTestId("update-ask")).toBeNull());
    expect((screen.getByTestId("update-check-now") as HTMLButtonElement).disabled).toBe(false);
  });

  it("checks now, shows the newer release, installs it and offers a restart", async () => {
    mockBackend.maintenance.updateSettings.mockResolvedValue(settings({ checks: "on" }));
    mockBackend.maintenance.checkForUpdate.mockResolvedValue({ version: "0.2.0", current: "0.1.0", notes: "Faster", date: null });
    mockBackend.maintenance.installUpdate.mockResolvedValue({ version: "0.2.0", command: "pkexec dpkg -i x.deb" });
    render(SettingsPage);
    await waitFor(() => expect((screen.getByTestId("update-check-now") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("update-check-now"));
    expect((await screen.findByTestId("update-offer")).textContent).toContain("CloudLens 0.2.0 is available (you have 0.1.0)");
    await fireEvent.click(screen.getByTestId("update-install"));
    expect((await screen.findByTestId("update-installed")).textContent).toContain("0.2.0 is installed");
    await fireEvent.click(screen.getByTestId("update-restart"));
    expect(mockBackend.maintenance.restartApp).toHaveBeenCalled();
  });

  it("shows an online download's refusal as two sentences", async () => {
    mockBackend.maintenance.updateSettings.mockResolvedValue(settings({ checks: "on" }));
    mockBackend.maintenance.checkForUpdate.mockResolvedValue({ version: "0.2.0", current: "0.1.0", notes: null, date: null });
    mockBackend.maintenance.installUpdate.mockRejectedValue(
      new BackendError("update_refused", "the download from http://127.0.0.1:9/cloudlens.deb was refused: signature mismatch"),
    );
    render(SettingsPage);
    await waitFor(() => expect((screen.getByTestId("update-check-now") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("update-check-now"));
    await fireEvent.click(await screen.findByTestId("update-install"));
    const error = await screen.findByTestId("update-error");
    expect(error.textContent).toBe(
      "The update was refused. The download from http://127.0.0.1:9/cloudlens.deb was refused: signature mismatch",
    );
  });

  it("says when the release is current", async () => {
    mockBackend.maintenance.updateSettings.mockResolvedValue(settings({ checks: "on" }));
    render(SettingsPage);
    await waitFor(() => expect((screen.getByTestId("update-check-now") as HTMLButtonElement).disabled).toBe(false));
    await fireEvent.click(screen.getByTestId("update-check-now"));
    expect((await screen.findByTestId("update-latest")).textContent).toBe("CloudLens is up to date.");
  });

  it("installs from a package and its signature, and shows a refusal with the core's reason", async () => {
    mockBackend.maintenance.updateSettings.mockResolvedValue(settings());
    mockBackend.dialogs.pickOpenFile.mockResolvedValueOnce("/media/usb/cloudlens_0.2.0_amd64.deb").mockResolvedValueOnce("/media/usb/cloudlens_0.2.0_amd64.deb.sig");
    mockBackend.maintenance.updateFromFile.mockRejectedValue(
      new BackendError("update_refused", "/media/usb/cloudlens_0.2.0_amd64.deb does not match its signature: the file was changed after signing"),
    );
    render(SettingsPage);
    await fireEvent.click(await screen.findByTestId("update-from-file"));
    await waitFor(() =>
      expect(mockBackend.maintenance.updateFromFile).toHaveBeenCalledWith("/media/usb/cloudlens_0.2.0_amd64.deb", "/media/usb/cloudlens_0.2.0_amd64.deb.sig"),
    );
    const error = await screen.findByTestId("update-error");
    expect(error.textContent).toContain("The update was refused.");
    expect(error.textContent).toContain("changed after signing");
  });

  it("a cancelled file dialog installs nothing", async () => {
    render(SettingsPage);
    await fireEvent.click(await screen.findByTestId("update-from-file"));
    await waitFor(() => expect(mockBackend.dialogs.pickOpenFile).toHaveBeenCalledTimes(1));
    expect(mockBackend.maintenance.updateFromFile).not.toHaveBeenCalled();
    expect(screen.queryByTestId("update-error")).toBeNull();
  });

  it("warns that a build without an update key cannot verify", async () => {
    mockBackend.maintenance.updateSettings.mockResolvedValue(settings({ can_verify: false }));
    render(SettingsPage);
    expect((await screen.findByTestId("update-no-key")).textContent).toContain("cannot verify");
  });
});

describe("Settings → Backups", () => {
  it("backs up with its own passphrase to the chosen file", async () => {
    mockBackend.dialogs.pickSavePath.mockResolvedValue(backup.path);
    mockBackend.maintenance.backupStore.mockResolvedValue(backup);
    render(SettingsPage);
    await fireEvent.input(screen.getByTestId("backup-passphrase"), { target: { value: "usb secret" } });
    await fireEvent.click(screen.getByTestId("backup-now"));
    await waitFor(() => expect(mockBackend.maintenance.backupStore).toHaveBeenCalledWith(backup.path, "usb secret"));
    expect((await screen.findByTestId("backup-done")).textContent).toBe(
      "Backed up 12,000 lines in 3 imports to /media/usb/cloudlens.clbackup (3.0 MiB, 0.4 s).",
    );
  });

  it("restores only after a confirmation, with the backup's passphrase", async () => {
    mockBackend.dialogs.pickOpenFile.mockResolvedValue(backup.path);
    mockBackend.maintenance.restoreStore.mockResolvedValue(backup);
    render(SettingsPage);
    await fireEvent.click(screen.getByTestId("restore-choose"));
    const dialog = await screen.findByTestId("confirm-dialog");
    expect(mockBackend.maintenance.restoreStore).not.toHaveBeenCalled();
    await fireEvent.input(within(dialog).getByTestId("restore-passphrase"), { target: { value: "usb secret" } });
    await fireEvent.click(within(dialog).getByTestId("confirm-ok"));
    await waitFor(() => expect(mockBackend.maintenance.restoreStore).toHaveBeenCalledWith(backup.path, "usb secret"));
    expect((await screen.findByTestId("restore-done")).textContent).toContain("Restored 12,000 lines");
    expect(screen.queryByTestId("confirm-dialog")).toBeNull();
  });

  it("a wrong backup passphrase keeps the dialog open with the reason", async () => {
    mockBackend.dialogs.pickOpenFile.mockResolvedValue(backup.path);
    mockBackend.maintenance.restoreStore.mockRejectedValue(new BackendError("wrong_key", "the backup's passphrase does not open it"));
    render(SettingsPage);
    await fireEvent.click(screen.getByTestId("restore-choose"));
    const dialog = await screen.findByTestId("confirm-dialog");
    await fireEvent.click(within(dialog).getByTestId("confirm-ok"));
    expect((await within(dialog).findByRole("alert")).textContent).toContain("does not open it");
  });

  it("lists each check and its problems", async () => {
    mockBackend.maintenance.checkStore.mockResolvedValue({
      ok: false,
      elapsed_ms: 80,
      checks: [
        { name: "cipher_pages", problems: [] },
        { name: "rollup_matches_lines", problems: ["2026-05 aws USD: rollup 10.00, lines 12.00"] },
      ],
    });
    render(SettingsPage);
    await fireEvent.click(screen.getByTestId("check-store"));
    const result = await screen.findByTestId("check-result");
    expect(result.textContent).toContain("The check found problems:");
    const items = within(result).getAllByTestId("check-item");
    expect(items).toHaveLength(2);
    expect(items[1]!.textContent).toContain("rollup 10.00, lines 12.00");
  });

  it("shows the page in Chinese", async () => {
    locale.set("zh-CN");
    render(SettingsPage);
    expect(await screen.findByText("从文件更新…")).toBeTruthy();
    expect(screen.getByText("立即备份…")).toBeTruthy();
    expect(screen.getByTestId("update-offline-note").textContent).toContain("不会为更新发起任何网络请求");
  });
});

describe("Settings → Alerts and savings thresholds", () => {
  const thresholds = {
    idle_cpu_percent: 5,
    idle_lookback_days: 14,
    rightsize_lookback_days: 30,
    rightsize_min_days: 14,
    rightsize_target_cpu_percent: 60,
    rightsize_target_memory_percent: 70,
    commitment_lookback_days: 60,
    min_monthly_saving: "10",
    renewal_horizon_days: 90,
    discount_drop_points: "5",
    ended_projects: [],
  };

  beforeEach(() => {
    status.set(readyStatus());
    mockBackend.recommendations.recommendationSettings.mockResolvedValue(thresholds);
  });

  it("keeps CloudLens in the tray and evaluates on the chosen interval once saved", async () => {
    render(SettingsPage);
    const every = await screen.findByTestId("alert-every");
    expect(every).toHaveValue("60");
    await fireEvent.change(every, { target: { value: "15" } });
    await fireEvent.click(screen.getByTestId("alert-tray"));
    await fireEvent.click(screen.getByTestId("alert-settings-save"));
    await waitFor(() =>
      expect(mockBackend.alerts.setAlertSettings).toHaveBeenCalledWith({
        stale_after_days: 3,
        evaluate_every_minutes: 15,
        keep_in_tray: true,
        data_health_channels: null,
      }),
    );
    expect(await screen.findByTestId("alert-settings-saved")).toBeInTheDocument();
  });

  it("says so when the desktop shows no tray icons, and not when it does", async () => {
    mockBackend.alerts.trayStatus.mockResolvedValueOnce({ available: false });
    const first = render(SettingsPage);
    expect(await screen.findByTestId("alert-tray-missing")).toHaveTextContent("minimises CloudLens");
    first.unmount();
    render(SettingsPage);
    await screen.findByTestId("alert-tray");
    await waitFor(() => expect(mockBackend.alerts.trayStatus).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId("alert-tray-missing")).toBeNull();
  });

  it("saves the thresholds as typed (amounts stay exact text) and shows the core's refusal", async () => {
    mockBackend.recommendations.saveRecommendationSettings
      .mockResolvedValueOnce(undefined)
      .mockRejectedValueOnce({ code: "invalid_input", message: "setting idle_cpu_percent: expected 0 to 100, got 300" });
    render(SettingsPage);
    const cpu = await screen.findByTestId("threshold-idle_cpu_percent");
    await fireEvent.input(cpu, { target: { value: "7.5" } });
    await fireEvent.input(screen.getByTestId("threshold-min_monthly_saving"), { target: { value: "25.50" } });
    await fireEvent.click(screen.getByTestId("recs-thresholds-save"));
    await waitFor(() =>
      expect(mockBackend.recommendations.saveRecommendationSettings).toHaveBeenCalledWith({
        ...thresholds,
        idle_cpu_percent: 7.5,
        min_monthly_saving: "25.50",
      }),
    );
    await fireEvent.input(cpu, { target: { value: "300" } });
    await fireEvent.click(screen.getByTestId("recs-thresholds-save"));
    expect(await screen.findByTestId("recs-thresholds-error")).toHaveTextContent("expected 0 to 100, got 300");
  });

  it("edits the ended projects in both languages and saves them with the thresholds", async () => {
    mockBackend.recommendations.recommendationSettings.mockResolvedValueOnce({
      ...thresholds,
      ended_projects: [{ tag_key: "project", tag_value: "apollo", ended_on: "2026-03-15" }],
    });
    mockBackend.recommendations.saveRecommendationSettings.mockResolvedValueOnce(undefined);
    render(SettingsPage);
    expect(await screen.findByTestId("ended-projects")).toHaveTextContent("Ended projects");
    expect(screen.getAllByTestId("ended-project")).toHaveLength(1);
    expect(screen.getByTestId("ended-tag-value")).toHaveValue("apollo");
    await fireEvent.click(screen.getByTestId("ended-add"));
    const values = screen.getAllByTestId("ended-tag-value");
    await fireEvent.input(values[1]!, { target: { value: "gemini" } });
    await fireEvent.input(screen.getAllByTestId("ended-on")[1]!, { target: { value: "2026-04-30" } });
    await fireEvent.click(screen.getAllByTestId("ended-remove")[0]!);
    await fireEvent.click(screen.getByTestId("recs-thresholds-save"));
    await waitFor(() =>
      expect(mockBackend.recommendations.saveRecommendationSettings).toHaveBeenCalledWith({
        ...thresholds,
        ended_projects: [{ tag_key: "project", tag_value: "gemini", ended_on: "2026-04-30" }],
      }),
    );
    expect(await screen.findByTestId("recs-thresholds-saved")).toBeInTheDocument();
    await fireEvent.click(screen.getByTestId("ended-remove"));
    expect(screen.getByTestId("ended-none")).toHaveTextContent("No ended projects.");
  });

  it("names the ended projects' fields in Chinese", async () => {
    locale.set("zh-CN");
    render(SettingsPage);
    expect(await screen.findByTestId("ended-projects")).toHaveTextContent("已结束的项目");
    expect(screen.getByTestId("ended-none")).toHaveTextContent("没有已结束的项目。");
    await fireEvent.click(screen.getByTestId("ended-add"));
    expect(screen.getByTestId("ended-project")).toHaveTextContent("标签键");
    expect(screen.getByTestId("ended-project")).toHaveTextContent("结束日期");
  });

  it("are shown only once the store is open", async () => {
    status.reset();
    render(SettingsPage);
    await screen.findByTestId("updates-card");
    expect(screen.queryByTestId("alert-settings-card")).not.toBeInTheDocument();
  });
});

describe("Settings → Days and months", () => {
  it("shows the zone days are counted in and saves a new one with the provider option", async () => {
    status.set(readyStatus());
    render(SettingsPage);
    const select = (await screen.findByTestId("day-zone-select")) as HTMLSelectElement;
    expect(select.value).toBe("Asia/Shanghai");
    const provider = screen.getByTestId("day-zone-provider") as HTMLInputElement;
    expect(provider.checked).toBe(true);
    await fireEvent.change(select, { target: { value: "Europe/Berlin" } });
    await fireEvent.click(provider);
    await fireEvent.click(screen.getByTestId("day-zone-save"));
    await waitFor(() =>
      expect(mockBackend.overview.setDayZone).toHaveBeenCalledWith({ zone: "Europe/Berlin", provider_zones: false }),
    );
    expect(await screen.findByTestId("day-zone-saved")).toBeTruthy();
  });

  it("shows the core's refusal of a zone", async () => {
    status.set(readyStatus());
    mockBackend.overview.setDayZone.mockRejectedValue(
      new BackendError("invalid_input", '"Mars/Olympus" is not a time zone name such as UTC, Asia/Shanghai or Europe/Berlin'),
    );
    render(SettingsPage);
    await screen.findByTestId("day-zone-select");
    await fireEvent.click(screen.getByTestId("day-zone-save"));
    expect((await screen.findByTestId("day-zone-error")).textContent).toContain("Mars/Olympus");
  });
});

describe("Settings → Appearance", () => {
  it("switches the theme at once, in both languages", async () => {
    render(SettingsPage);
    const select = screen.getByTestId("theme-switch") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["Same as the system", "Light", "Dark"]);
    await fireEvent.change(select, { target: { value: "dark" } });
    expect(document.documentElement.dataset.theme).toBe("dark");
    await fireEvent.change(select, { target: { value: "light" } });
    expect(document.documentElement.dataset.theme).toBe("light");
    locale.set("zh-CN");
    await waitFor(() => expect([...select.options].map((o) => o.textContent)).toEqual(["跟随系统", "浅色", "深色"]));
  });
});
