// The pages in the navigation. Only pages that exist are listed: adding
// Explorer, Budgets, ... later is one entry each.

import type { Component } from "svelte";
import type { IconName } from "../lib/components/Icon.svelte";
import type { PlainKey } from "../lib/i18n";
import AllocationPage from "./AllocationPage.svelte";
import CurrencyPage from "./CurrencyPage.svelte";
import DataSourcesPage from "./DataSourcesPage.svelte";
import ExplorerPage from "./ExplorerPage.svelte";
import OverviewPage from "./OverviewPage.svelte";
import RecommendationsPage from "./RecommendationsPage.svelte";

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
  { id: "allocation", label: "allocation.nav", icon: "split", component: AllocationPage, needsData: true },
  { id: "recommendations", label: "recs.nav", icon: "savings", component: RecommendationsPage, needsData: true },
  { id: "currency", label: "currency.nav", icon: "currency", component: CurrencyPage, needsData: false },
  { id: "data-sources", label: "nav.dataSources", icon: "database", component: DataSourcesPage, needsData: false },
];

export const DEFAULT_PAGE = "overview";
