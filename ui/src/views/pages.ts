// The pages in the navigation. Only pages that exist are listed: adding
// Explorer, Budgets, ... later is one entry each.

import type { Component } from "svelte";
import type { IconName } from "../lib/components/Icon.svelte";
import type { PlainKey } from "../lib/i18n";
import AlertsPage from "./AlertsPage.svelte";
import AllocationPage from "./AllocationPage.svelte";
import AnomaliesPage from "./AnomaliesPage.svelte";
import AuditPage from "./AuditPage.svelte";
import BudgetsPage from "./BudgetsPage.svelte";
import CurrencyPage from "./CurrencyPage.svelte";
import DataSourcesPage from "./DataSourcesPage.svelte";
import ExplorerPage from "./ExplorerPage.svelte";
import ForecastPage from "./ForecastPage.svelte";
import OverviewPage from "./OverviewPage.svelte";
import SettingsPage from "./SettingsPage.svelte";
import RecommendationsPage from "./RecommendationsPage.svelte";
import ReportsPage from "./ReportsPage.svelte";

export interface PageDef {
  id: string;
  label: PlainKey;
  icon: IconName;
  component: Component;
  /** Pages that analyse cost lines; an empty store shows the empty state instead. */
  needsData: boolean;
}

export const pages: readonly PageDef[] = [
  { id: "overview", label: "nav.overview", icon: "overview", component: OverviewPage, needsData: true },
  { id: "explorer", label: "explorer.nav", icon: "explore", component: ExplorerPage, needsData: true },
  { id: "anomalies", label: "anomalies.nav", icon: "pulse", component: AnomaliesPage, needsData: true },
  { id: "budgets", label: "budgets.nav", icon: "gauge", component: BudgetsPage, needsData: true },
  { id: "alerts", label: "alerts.nav", icon: "bell", component: AlertsPage, needsData: false },
  { id: "forecast", label: "forecast.nav", icon: "forecast", component: ForecastPage, needsData: true },
  { id: "allocation", label: "allocation.nav", icon: "split", component: AllocationPage, needsData: true },
  { id: "recommendations", label: "recs.nav", icon: "savings", component: RecommendationsPage, needsData: true },
  { id: "reports", label: "reports.nav", icon: "file", component: ReportsPage, needsData: true },
  { id: "audit", label: "audit.nav", icon: "shield", component: AuditPage, needsData: false },
  { id: "currency", label: "currency.nav", icon: "currency", component: CurrencyPage, needsData: false },
  { id: "data-sources", label: "nav.dataSources", icon: "database", component: DataSourcesPage, needsData: false },
  { id: "settings", label: "settings.nav", icon: "settings", component: SettingsPage, needsData: false },
];

export { DEFAULT_PAGE } from "../lib/state/navigation.svelte";
