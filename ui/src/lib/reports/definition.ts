// The Reports page's form as a report definition, and back: what the user
// picks (a relative period, a display currency, sections) becomes the
// `ReportDefinition` the core checks, builds and saves.
import type { Locale, RelativePeriod, ReportDefinition, ReportSection } from "../backend";

export const PERIOD_LABEL = {
  this_month: "reports.period.this_month",
  last_month: "reports.period.last_month",
  last_three_months: "reports.period.last_three_months",
  last_twelve_months: "reports.period.last_twelve_months",
  year_to_date: "reports.period.year_to_date",
  last_year: "reports.period.last_year",
} as const satisfies Record<RelativePeriod, string>;
export const PERIODS = Object.keys(PERIOD_LABEL) as RelativePeriod[];

/**
 * The sections offered without further choices; saved views are added by
 * name. Provenance is no choice: the core ends every report with it.
 */
export type SimpleSection = "overview" | "invoice_reconciliation";
export const SECTION_LABEL = {
  overview: "reports.section.overview",
  invoice_reconciliation: "reports.section.invoice_reconciliation",
} as const satisfies Record<SimpleSection, string>;
export const SIMPLE_SECTIONS = Object.keys(SECTION_LABEL) as SimpleSection[];

export interface ReportForm {
  title: string;
  period: RelativePeriod;
  currency: string;
  sections: SimpleSection[];
  savedViews: string[];
}

export function emptyForm(): ReportForm {
  return { title: "", period: "last_month", currency: "", sections: ["overview", "invoice_reconciliation"], savedViews: [] };
}

/** The message key of what is missing, or null when the form can be built. */
export function formProblem(form: ReportForm): "reports.problem.title" | "reports.problem.sections" | null {
  if (!form.title.trim()) return "reports.problem.title";
  if (form.sections.length === 0 && form.savedViews.length === 0) return "reports.problem.sections";
  return null;
}

export function toDefinition(form: ReportForm, language: Locale): ReportDefinition {
  const sections: ReportSection[] = SIMPLE_SECTIONS.filter((s) => form.sections.includes(s)).map((kind) => ({ kind }));
  for (const name of form.savedViews) sections.push({ kind: "explorer", title: name, query: null, saved_view: name });
  const currency = form.currency.trim().toUpperCase();
  return {
    title: form.title.trim(),
    period: { relative: form.period },
    currency: currency || null,
    language,
    metric: "billed",
    sections,
  };
}

/** A saved definition in the form; a fixed period shows as last month (the form offers relative ones). */
export function fromDefinition(def: ReportDefinition): ReportForm {
  const simple = def.sections.flatMap((s) => (SIMPLE_SECTIONS.includes(s.kind as SimpleSection) ? [s.kind as SimpleSection] : []));
  const views = def.sections.flatMap((s) => (s.kind === "explorer" && s.saved_view ? [s.saved_view] : []));
  return {
    title: def.title,
    period: "relative" in def.period ? def.period.relative : "last_month",
    currency: def.currency ?? "",
    sections: simple,
    savedViews: views,
  };
}

/** A file name for the export dialog: the title without characters file systems refuse. */
export function suggestedName(title: string, extension: string): string {
  const base = title.trim().replace(/[\\/:*?"<>|]+/g, "-") || "report";
  return `${base}.${extension}`;
}
