// The pages in the navigation. Only pages that exist are listed: adding
// Explorer, Budgets, ... later is one entry each.

import type { Component } from "svelte";
import type { IconName } from "../lib/components/Icon.svelte";
import type { PlainKey } from "../lib/i18n";
import OverviewPage from "./OverviewPage.svelte";

export interface PageDef {
  id: string;
  label: PlainKey;
  icon: IconName;
  component: Component;
}

export const pages: readonly PageDef[] = [{ id: "overview", label: "nav.overview", icon: "overview", component: OverviewPage }];

export const DEFAULT_PAGE = "overview";
