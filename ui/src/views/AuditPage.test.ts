import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { AuditEntryView } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: AuditPage } = await import("./AuditPage.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const entry = (seq: number, action: string, object: string): AuditEntryView => ({
  seq,
  at: "2026-05-02T08:00:00Z",
  os_user: "ana",
  action,
  object,
  before: seq > 1 ? "100 CNY" : null,
  after: "120 CNY",
  hash: "ab",
});

beforeEach(() => {
  resetMockBackend();
  locale.set("en");
  mockBackend.audit.auditLog.mockResolvedValue([entry(1, "budget.save", "Ops"), entry(2, "budget.save", "Ops")]);
  mockBackend.audit.auditPublicKey.mockResolvedValue("c0ffee");
});

describe("Audit page", () => {
  it("lists the newest entry first with its before and after", async () => {
    render(AuditPage);
    const rows = await screen.findAllByTestId("audit-entry");
    expect(rows.map((r) => r.dataset.seq)).toEqual(["2", "1"]);
    expect(rows[0]).toHaveTextContent("100 CNY → 120 CNY");
    expect(await screen.findByTestId("audit-key")).toHaveTextContent("c0ffee");
  });

  it("passes the filters to the core", async () => {
    render(AuditPage);
    await screen.findAllByTestId("audit-entry");
    await fireEvent.change(screen.getByTestId("audit-filter-action"), { target: { value: "budget" } });
    await waitFor(() => expect(mockBackend.audit.auditLog).toHaveBeenLastCalledWith({ action: "budget", text: null, from: null, to: null }));
  });

  it("names the first entry that does not hold", async () => {
    mockBackend.audit.verifyAuditLog.mockResolvedValue({
      entries: 2,
      intact: false,
      problem: { kind: "edited", seq: 2, message: "entry 2 was edited" },
      head: "x",
      head_signer: null,
      trusted: [],
      note: null,
    });
    render(AuditPage);
    const chain = await screen.findByTestId("audit-chain");
    expect(chain.dataset.intact).toBe("false");
    expect(chain).toHaveTextContent("Not verified: entry 2: entry 2 was edited");
  });

  it("names the key that signed an opened pack's log when it is not this install's", async () => {
    const check = { entries: 3, intact: true, problem: null, head: "valid", trusted: ["beef"], note: null };
    mockBackend.audit.verifyAuditLog.mockResolvedValue({ ...check, head_signer: "beef" });
    render(AuditPage);
    const chain = await screen.findByTestId("audit-chain");
    expect(chain).toHaveTextContent("Verified: 3 entries, chain intact, head signed by beef.");
    expect(chain.dataset.signer).toBe("beef");
  });

  it("checks an opened pack's log although the pack has no install key", async () => {
    mockBackend.audit.auditPublicKey.mockRejectedValue({ code: "invalid_input", message: "This install has no audit key yet" });
    mockBackend.audit.verifyAuditLog.mockResolvedValue({
      entries: 2,
      intact: true,
      problem: null,
      head: "valid",
      head_signer: "beef",
      trusted: ["beef"],
      note: "this install has no audit key: checked against the key the log names, beef",
    });
    render(AuditPage);
    expect(await screen.findByTestId("audit-chain")).toHaveTextContent("head signed by beef");
    expect(screen.queryByTestId("audit-error")).toBeNull();
    expect(screen.queryByTestId("audit-key")).toBeNull();
  });

  it("says this install signed the head when its own key did", async () => {
    mockBackend.audit.verifyAuditLog.mockResolvedValue({
      entries: 1,
      intact: true,
      problem: null,
      head: "valid",
      head_signer: "c0ffee",
      trusted: ["c0ffee"],
      note: null,
    });
    render(AuditPage);
    expect(await screen.findByTestId("audit-chain")).toHaveTextContent("Verified: 1 entry, chain intact, head signed by this install.");
  });

  it("refuses a pack without both months and reports a verified pack's signer", async () => {
    mockBackend.dialogs.pickOpenFile.mockResolvedValue("/tmp/a.clpack");
    mockBackend.audit.verifyAuditPack.mockResolvedValue({
      verified: true,
      encrypted: false,
      signer: "c0ffee",
      created_at: null,
      created_by: null,
      from: "2026-01",
      to: "2026-03",
      filters: [],
      lines: 10,
      members_checked: 7,
      log_entries: 2,
      problem: null,
    });
    render(AuditPage);
    await fireEvent.click(await screen.findByTestId("pack-export"));
    expect(screen.getByText("Enter both months as YYYY-MM.")).toBeInTheDocument();
    expect(mockBackend.audit.buildAuditPack).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("pack-verify"));
    expect(await screen.findByTestId("pack-check")).toHaveTextContent("Verified, signed by c0ffee: 7 members checked.");
  });

  it("speaks Chinese", async () => {
    locale.set("zh-CN");
    render(AuditPage);
    expect(await screen.findByText("审计日志")).toBeInTheDocument();
  });
});
