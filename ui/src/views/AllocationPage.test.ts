import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mockBackend, resetMockBackend } from "../test/mockBackend";
import type { ExploreResult, RulePreview, RuleSet } from "../lib/backend";

vi.mock("$lib/backend", async (importOriginal) => {
  const mocks = await import("../test/mockBackend");
  return {
    ...(await importOriginal<typeof import("$lib/backend")>()),
    backend: mocks.mockBackend,
  };
});

const { default: AllocationPage } = await import("./AllocationPage.svelte");
const { allocation } = await import("$lib/state/allocation.svelte");
const { showback } = await import("$lib/state/allocationShowback.svelte");
const { displayCurrency } = await import("$lib/state/currency.svelte");
const { locale } = await import("$lib/state/locale.svelte");

const rules = (): RuleSet => ({
  virtual_tags: [
    {
      name: "team",
      rules: [
        { conditions: [{ dimension: "service", op: "in", values: ["Amazon EC2"] }], value: "compute", value_from: null },
        { conditions: [{ dimension: "tag:owner", op: "starts_with", values: ["data-"] }], value: "data", value_from: null },
      ],
    },
  ],
  shared_costs: [],
  tag_keys: [],
});

const preview: RulePreview[] = [
  {
    tag: "team",
    rows: [
      { value: "data", currency: "USD", before: "100.00", after: "250.50", resources_before: 3, resources_after: 7 },
      { value: null, currency: "USD", before: "400.00", after: "249.50", resources_before: 9, resources_after: 5 },
    ],
  },
];

function showbackResult(over: Partial<ExploreResult> = {}): ExploreResult {
  return {
    query: {
      group_by: ["vtag:team"],
      filters: [],
      from: "2025-10-01",
      to: "2025-11-01",
      granularity: "day",
      metric: "effective",
      display_currency: null,
      rules_version: null,
      apply_shared_costs: true,
      limit: 0,
    },
    periods: ["2025-10-01"],
    rows: [],
    totals: [
      { groups: ["compute"], amount: "1200.40", currency: "USD", share: "80.00", other: false },
      { groups: ["data"], amount: "300.10", currency: "USD", share: "20.00", other: false },
    ],
    grand_totals: [{ currency: "USD", amount: "1500.50" }],
    missing_rates: [],
    partial_period: null,
    chart: null,
    other_charts: [],
    elapsed_ms: 3,
    ...over,
  };
}

beforeEach(() => {
  resetMockBackend();
  allocation.reset();
  showback.reset();
  localStorage.clear();
  localStorage.setItem("cloudlens.displayCurrency", "billing");
  displayCurrency.reset();
  locale.set("en");
  mockBackend.allocation.rules.mockImplementation(async () => rules());
  mockBackend.explore.dimensions.mockResolvedValue({ dimensions: ["provider", "service", "tag:owner", "vtag:team"] });
  mockBackend.allocation.previewRules.mockResolvedValue(preview);
  mockBackend.allocation.saveRules.mockResolvedValue({ version: 4, saved_at: "2025-11-02T10:00:00Z", note: "split data" });
});

async function openEditor() {
  render(AllocationPage);
  return await screen.findByTestId("vtag-editor");
}

const tab = (id: string) => screen.getAllByTestId("allocation-tab").find((b) => b.dataset.tab === id) as HTMLElement;

describe("Virtual tags", () => {
  it("explains first-match-wins and lists the rules in order", async () => {
    const editor = await openEditor();
    expect(editor).toHaveTextContent("the first rule whose conditions all hold gives the value");
    expect(within(editor).getAllByTestId("rule").map((r) => r.dataset.value)).toEqual(["compute", "data"]);
  });

  it("takes a rule's value from a tag, with no condition needed, and falls through when a line lacks it", async () => {
    const editor = await openEditor();
    await fireEvent.click(within(editor).getByTestId("rule-add"));
    const rule = within(editor).getAllByTestId("rule")[2] as HTMLElement;
    await fireEvent.click(within(rule).getByTestId("condition-remove"));
    const source = within(rule).getByTestId("rule-source") as HTMLSelectElement;
    expect([...source.options].map((o) => o.value)).toContain("tag:owner");
    await fireEvent.change(source, { target: { value: "tag:owner" } });
    expect(within(rule).queryByTestId("rule-value")).toBeNull();
    expect(within(rule).getByTestId("rule-falls-through")).toHaveTextContent("Lines without it go on to the next rule.");
    expect(screen.queryByTestId("rule-problem")).toBeNull();
    await fireEvent.click(screen.getByTestId("rules-preview"));
    await waitFor(() =>
      expect(mockBackend.allocation.previewRules).toHaveBeenCalledWith(
        expect.objectContaining({
          virtual_tags: [expect.objectContaining({ rules: expect.arrayContaining([{ conditions: [], value: "", value_from: "tag:owner" }]) })],
        }),
      ),
    );
  });

  it("reorders rules, adds a condition, previews exactly the edited set, then saves it with a note", async () => {
    const editor = await openEditor();
    await fireEvent.click(within(editor).getAllByTestId("rule-down")[0] as HTMLElement);
    expect(within(editor).getAllByTestId("rule").map((r) => r.dataset.value)).toEqual(["data", "compute"]);

    // Save needs a fresh preview, and a condition without values blocks the preview.
    expect(screen.getByTestId("rules-save")).toBeDisabled();
    const second = within(editor).getAllByTestId("rule")[1] as HTMLElement;
    await fireEvent.click(within(second).getByTestId("condition-add"));
    expect(within(second).getAllByTestId("condition")).toHaveLength(2);
    expect(screen.getByTestId("rule-problem")).toHaveTextContent("team, rule 2: every condition needs a value.");
    expect(screen.getByTestId("rules-preview")).toBeDisabled();

    const added = within(second).getAllByTestId("condition")[1] as HTMLElement;
    await fireEvent.change(within(added).getByTestId("condition-dimension"), { target: { value: "provider" } });
    const search = within(added).getByTestId("value-search");
    await fireEvent.input(search, { target: { value: "AWS" } });
    await fireEvent.keyDown(search, { key: "Enter" });
    expect(within(added).getByTestId("value-chip")).toHaveTextContent("AWS");

    await fireEvent.click(screen.getByTestId("rules-preview"));
    const edited: RuleSet = {
      virtual_tags: [
        {
          name: "team",
          rules: [
            { conditions: [{ dimension: "tag:owner", op: "starts_with", values: ["data-"] }], value: "data", value_from: null },
            {
              conditions: [
                { dimension: "service", op: "in", values: ["Amazon EC2"] },
                { dimension: "provider", op: "in", values: ["AWS"] },
              ],
              value: "compute",
              value_from: null,
            },
          ],
        },
      ],
      shared_costs: [],
      tag_keys: [],
    };
    await waitFor(() => expect(mockBackend.allocation.previewRules).toHaveBeenCalledWith(edited));
    const rows = await screen.findAllByTestId("preview-row");
    expect(rows[0]).toHaveTextContent("$100.00");
    expect(rows[0]).toHaveTextContent("$250.50");
    expect(rows[0]).toHaveTextContent("+$150.50");
    expect(rows[0]).toHaveTextContent("3 → 7");
    expect(rows[1]).toHaveAttribute("data-untagged", "true");
    expect(rows[1]).toHaveTextContent("(untagged)");

    await fireEvent.input(screen.getByTestId("rules-note"), { target: { value: "split data" } });
    mockBackend.allocation.rules.mockResolvedValue(edited);
    mockBackend.allocation.ruleVersions.mockResolvedValue([{ version: 4, saved_at: "2025-11-02T10:00:00Z", note: "split data" }]);
    await fireEvent.click(screen.getByTestId("rules-save"));
    await waitFor(() => expect(mockBackend.allocation.saveRules).toHaveBeenCalledWith(edited, "split data"));
    expect(await screen.findByTestId("rules-saved")).toHaveTextContent("Saved as version 4.");
  });

  it("makes the preview stale on any later edit, so saving needs a new one", async () => {
    const editor = await openEditor();
    await fireEvent.input(within(editor).getAllByTestId("rule-value")[0] as HTMLElement, { target: { value: "compute-2" } });
    await fireEvent.click(screen.getByTestId("rules-preview"));
    await waitFor(() => expect(screen.getByTestId("rules-save")).toBeEnabled());
    await fireEvent.click(within(editor).getAllByTestId("rule-remove")[1] as HTMLElement);
    expect(screen.getByTestId("rules-save")).toBeDisabled();
    expect(screen.getByTestId("change-panel")).toHaveTextContent("The rules changed since this preview");
  });

  it("shows the core's message when the preview fails", async () => {
    mockBackend.allocation.previewRules.mockRejectedValue({ code: "invalid_input", message: "vtag team: rule 1 has no value" });
    const editor = await openEditor();
    await fireEvent.input(within(editor).getAllByTestId("rule-value")[0] as HTMLElement, { target: { value: "x" } });
    await fireEvent.click(screen.getByTestId("rules-preview"));
    expect(await screen.findByTestId("preview-error")).toHaveTextContent("vtag team: rule 1 has no value");
  });

  it("adds a tag with a rule and deletes it again", async () => {
    await openEditor();
    await fireEvent.click(screen.getByTestId("vtag-add"));
    expect(screen.getAllByTestId("vtag-item").map((b) => b.dataset.name)).toEqual(["team", "team-2"]);
    expect(screen.getByTestId("vtag-name")).toHaveValue("team-2");
    await fireEvent.click(screen.getByTestId("vtag-remove"));
    expect(screen.getAllByTestId("vtag-item")).toHaveLength(1);
    expect(screen.getByTestId("change-panel")).toHaveAttribute("data-dirty", "false");
  });
});

describe("Shared costs", () => {
  it("validates fixed percentages with a clear message before allowing a preview", async () => {
    mockBackend.allocation.rules.mockResolvedValue({
      ...rules(),
      shared_costs: [
        {
          name: "support",
          scope: [{ dimension: "service", op: "in", values: ["AWS Support"] }],
          target_dimension: "vtag:team",
          targets: ["compute", "data"],
          method: { kind: "even" },
        },
      ],
    });
    render(AllocationPage);
    await screen.findByTestId("vtag-editor");
    await fireEvent.click(tab("shared"));
    const editor = await screen.findByTestId("shared-editor");
    await fireEvent.click(within(editor).getByTestId("method-fixed"));
    const inputs = within(editor).getAllByTestId("percent-input");
    expect(inputs.map((i) => (i as HTMLInputElement).value)).toEqual(["50.00", "50.00"]);
    expect(within(editor).getByTestId("percent-ok")).toHaveTextContent("The percentages add up to 100.");

    await fireEvent.input(inputs[1] as HTMLElement, { target: { value: "40.5" } });
    expect(within(editor).getByTestId("percent-error")).toHaveTextContent("The percentages add up to 90.5; they must add up to exactly 100.");
    expect(screen.getByTestId("rules-preview")).toBeDisabled();

    await fireEvent.input(inputs[1] as HTMLElement, { target: { value: "5O" } });
    expect(within(editor).getByTestId("percent-error")).toHaveTextContent("Percentage 2 is not a number");

    await fireEvent.input(inputs[1] as HTMLElement, { target: { value: "50" } });
    await fireEvent.click(screen.getByTestId("rules-preview"));
    await waitFor(() =>
      expect(mockBackend.allocation.previewRules).toHaveBeenCalledWith(
        expect.objectContaining({
          shared_costs: [expect.objectContaining({ targets: ["compute", "data"], method: { kind: "fixed", percents: ["50.00", "50"] } })],
        }),
      ),
    );
  });
});

describe("Showback", () => {
  it("shows cost per team for the month with an untagged row even at zero, and moves between months", async () => {
    mockBackend.explore.explore.mockResolvedValue(showbackResult());
    showback.month = "2025-10-01";
    render(AllocationPage);
    await screen.findByTestId("vtag-editor");
    await fireEvent.click(tab("showback"));
    const rows = await screen.findAllByTestId("showback-row");
    expect(rows.map((r) => r.dataset.team)).toEqual(["compute", "data", ""]);
    expect(rows[2]).toHaveTextContent("(untagged)");
    expect(rows[2]).toHaveTextContent("$0.00");
    expect(screen.getByTestId("showback-total")).toHaveTextContent("$1,500.50");
    expect(mockBackend.explore.explore).toHaveBeenLastCalledWith(
      expect.objectContaining({ group_by: ["vtag:team"], from: "2025-10-01", to: "2025-11-01", apply_shared_costs: true, rules_version: null, display_currency: null }),
      "stacked_bar",
      "en",
    );

    await fireEvent.click(screen.getByTestId("showback-next"));
    await waitFor(() => expect(mockBackend.explore.explore).toHaveBeenLastCalledWith(expect.objectContaining({ from: "2025-11-01", to: "2025-12-01" }), "stacked_bar", "en"));
    expect(screen.getByTestId("showback-month")).toHaveTextContent("November 2025");
  });

  it("converts into the display currency and flags missing rates", async () => {
    displayCurrency.set("CNY");
    mockBackend.explore.explore.mockResolvedValue(
      showbackResult({ missing_rates: [{ date: "2025-10-03", from: "EUR", to: "CNY", amount: "12.00" }] }),
    );
    showback.month = "2025-10-01";
    render(AllocationPage);
    await screen.findByTestId("vtag-editor");
    await fireEvent.click(tab("showback"));
    expect(await screen.findByTestId("showback-missing-rates")).toHaveTextContent("2025-10-03 EUR→CNY");
    expect(mockBackend.explore.explore).toHaveBeenLastCalledWith(expect.objectContaining({ display_currency: "CNY" }), "stacked_bar", "en");
  });

  it("exports the same table through the save dialog", async () => {
    mockBackend.explore.explore.mockResolvedValue(showbackResult());
    mockBackend.dialogs.pickSavePath.mockResolvedValue("/tmp/showback.xlsx");
    mockBackend.explore.exportTable.mockResolvedValue(3);
    showback.month = "2025-10-01";
    render(AllocationPage);
    await screen.findByTestId("vtag-editor");
    await fireEvent.click(tab("showback"));
    await screen.findAllByTestId("showback-row");
    await fireEvent.click(screen.getByTestId("showback-export"));
    await waitFor(() => expect(screen.getByTestId("showback-exported")).toHaveTextContent("Exported 3 rows to /tmp/showback.xlsx"));
    expect(mockBackend.dialogs.pickSavePath).toHaveBeenCalledWith("showback-team-2025-10.csv", expect.any(String), ["csv", "xlsx"]);
    expect(mockBackend.explore.exportTable).toHaveBeenCalledWith(expect.objectContaining({ group_by: ["vtag:team"] }), false, false, "xlsx", "en", "/tmp/showback.xlsx");
  });

  it("shows the core's error", async () => {
    mockBackend.explore.explore.mockRejectedValue({ code: "storage", message: "disk I/O error" });
    render(AllocationPage);
    await screen.findByTestId("vtag-editor");
    await fireEvent.click(tab("showback"));
    expect(await screen.findByTestId("showback-error")).toHaveTextContent("disk I/O error");
  });
});

describe("History", () => {
  it("lists versions, shows one read-only and recomputes the showback as of it", async () => {
    mockBackend.allocation.ruleVersions.mockResolvedValue([
      { version: 1, saved_at: "2025-09-01T08:00:00Z", note: "first teams" },
      { version: 2, saved_at: "2025-10-01T08:00:00Z", note: "" },
    ]);
    const old: RuleSet = { virtual_tags: [{ name: "cost-centre", rules: [{ conditions: [{ dimension: "region", op: "missing", values: [] }], value: "global", value_from: null }] }], shared_costs: [], tag_keys: [] };
    mockBackend.allocation.rulesAt.mockResolvedValue(old);
    mockBackend.explore.explore.mockResolvedValue(
      showbackResult({ totals: [{ groups: [null], amount: "500", currency: "USD", share: "100.00", other: false }], grand_totals: [{ currency: "USD", amount: "500" }] }),
    );
    render(AllocationPage);
    await screen.findByTestId("vtag-editor");
    await fireEvent.click(tab("history"));
    const rows = screen.getAllByTestId("version-row");
    expect(rows.map((r) => r.dataset.version)).toEqual(["2", "1"]);
    expect(rows[1]).toHaveTextContent("first teams");

    await fireEvent.click(within(rows[1] as HTMLElement).getByTestId("version-view"));
    const detail = await screen.findByTestId("readonly-rule");
    expect(detail).toHaveTextContent("Region is missing → global");
    expect(mockBackend.allocation.rulesAt).toHaveBeenCalledWith(1);
    expect(screen.queryByTestId("vtag-name")).toBeNull();

    await fireEvent.click(within(rows[1] as HTMLElement).getByTestId("version-showback"));
    expect(await screen.findByTestId("showback-as-of")).toHaveTextContent("version 1");
    await waitFor(() =>
      expect(mockBackend.explore.explore).toHaveBeenLastCalledWith(expect.objectContaining({ group_by: ["vtag:cost-centre"], rules_version: 1 }), "stacked_bar", "en"),
    );
    // Nothing matched the old rules: one untagged row holds all of it.
    const only = await screen.findAllByTestId("showback-row");
    expect(only.map((r) => r.dataset.untagged)).toEqual(["true"]);
    expect(only[0]).toHaveTextContent("$500.00");

    await fireEvent.click(screen.getByTestId("showback-current"));
    await waitFor(() => expect(mockBackend.explore.explore).toHaveBeenLastCalledWith(expect.objectContaining({ group_by: ["vtag:team"], rules_version: null }), "stacked_bar", "en"));
  });
});

describe("Page states", () => {
  it("shows the error with a retry when the rules cannot be read", async () => {
    mockBackend.allocation.rules.mockRejectedValue({ code: "not_ready", message: "rules is not built yet" });
    render(AllocationPage);
    expect(await screen.findByTestId("allocation-error")).toHaveTextContent("rules is not built yet");
  });
});
