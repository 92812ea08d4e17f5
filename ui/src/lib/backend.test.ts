import { beforeEach, describe, expect, it, vi } from "vitest";

// The gateway is tested against a mocked bindings module: the one place that
// knows about Result<T, ApiError>.
const commands = vi.hoisted(() => ({
  storeStatus: vi.fn(),
  overview: vi.fn(),
  unlock: vi.fn(),
  loadDemo: vi.fn(),
  removeDemo: vi.fn(),
}));
const listen = vi.hoisted(() => vi.fn());

const commandDomains = { session: ["storeStatus", "unlock", "loadDemo", "removeDemo"], overview: ["overview"] };

vi.mock("./bindings", () => ({ commands, commandDomains, events: { storeStatusChanged: { listen } } }));

const { backend, BackendError } = await import("./backend");

beforeEach(() => vi.resetAllMocks());

describe("backend gateway", () => {
  it("unwraps ok results", async () => {
    commands.overview.mockResolvedValue({ status: "ok", data: { metric: "billed", as_of: null, month_start: null, currencies: [] } });
    const charges = { hidden: [], spread_periods: false };
    await expect(backend.overview.overview("billed", null, "en", charges)).resolves.toMatchObject({ metric: "billed" });
    expect(commands.overview).toHaveBeenCalledWith("billed", null, "en", charges);
  });

  it("throws error results as BackendError with the core's code", async () => {
    commands.unlock.mockResolvedValue({ status: "error", error: { code: "wrong_key", message: "no" } });
    const error = await backend.session.unlock("x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendError);
    expect(error).toMatchObject({ code: "wrong_key", message: "no" });
  });

  it("maps thrown errors (no Tauri runtime) to code unknown", async () => {
    commands.storeStatus.mockRejectedValue(new TypeError("window.__TAURI_INTERNALS__ is undefined"));
    await expect(backend.session.storeStatus()).rejects.toMatchObject({ code: "unknown" });
    commands.loadDemo.mockRejectedValue(new Error("boom"));
    await expect(backend.session.loadDemo()).rejects.toMatchObject({ code: "unknown", message: "boom" });
  });

  it("passes status event payloads to the callback", async () => {
    const unlisten = vi.fn();
    listen.mockImplementation(async (cb: (e: { payload: unknown }) => void) => {
      cb({ payload: { state: "ready" } });
      return unlisten;
    });
    const seen: unknown[] = [];
    const stop = await backend.on.storeStatusChanged((s) => seen.push(s));
    expect(seen).toEqual([{ state: "ready" }]);
    stop();
    expect(unlisten).toHaveBeenCalled();
  });
});
