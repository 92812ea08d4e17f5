// English strings: the source of the message keys. zh-CN.ts must provide every
// key (a missing or extra key is a type error). Placeholders are {name}; a
// key's placeholders become the required params of t().

export const en = {
  "app.name": "CloudLens",
  "app.tagline": "Cloud cost analysis",
  "app.privacy": "Encrypted, stays on this computer",

  "nav.label": "Main navigation",
  "nav.overview": "Overview",

  "lang.label": "Language",

  "metric.label": "Cost metric",
  "metric.billed": "Billed cost",
  "metric.billed.hint": "Cash basis: what the invoices show.",
  "metric.effective": "Effective cost",
  "metric.effective.hint": "Amortized: upfront and commitment purchases spread over the usage they cover.",

  "status.label": "Data status",
  "status.opening": "Opening…",
  "status.locked": "Locked",
  "status.loadingDemo": "Preparing demo data {percent}",
  "status.failed": "Unavailable",
  "status.empty": "No data yet",
  "status.lines": "{lines} cost lines",
  "status.demo": "Demo",

  "opening.title": "Opening your data store",
  "opening.body": "CloudLens keeps your cost data encrypted on this computer. Your system keychain may ask for permission.",

  "passphrase.title": "Unlock your data store",
  "passphrase.body": "No system keychain is available, so your cost data is protected by a passphrase.",
  "passphrase.label": "Passphrase",
  "passphrase.submit": "Unlock",
  "passphrase.submitting": "Unlocking…",
  "passphrase.required": "Enter your passphrase.",

  "loading.title": "Preparing the demo dataset",
  "loading.body": "CloudLens is generating realistic sample costs so you can explore the app. This happens once, and the data stays on this computer.",
  "loading.lines": "{done} of {total} cost lines",
  "loading.starting": "Starting…",
  "loading.progress": "Demo dataset progress",

  "failed.title": "The data store could not be opened",
  "failed.body": "CloudLens could not open your cost data. Restart the app to try again; if it keeps happening, the details below help with support.",
  "failed.code": "Error code: {code}",
  "failed.noDetails": "No details were reported.",

  "demo.title": "You are looking at demo data",
  "demo.body": "These figures are generated samples, not your cloud bills.",
  "demo.remove": "Remove demo data",
  "demo.removing": "Removing…",
  "demo.confirm.title": "Remove demo data?",
  "demo.confirm.body": "All generated demo cost lines will be deleted from this computer. This cannot be undone.",
  "demo.confirm.ok": "Remove demo data",

  "empty.title": "No cost data yet",
  "empty.body": "Data sources arrive with bill import and sync from your cloud providers. Until then, you can explore CloudLens with a realistic demo dataset.",
  "empty.loadDemo": "Load demo data",
  "empty.loadingDemo": "Starting…",

  "overview.asOf": "Data through {date}",
  "overview.loading": "Loading overview…",
  "overview.error.title": "The overview could not be loaded",
  "overview.retry": "Try again",
  "overview.noCosts": "There are no costs in the current window.",
  "overview.currency": "Currency",
  "overview.kpi.mtd": "Month to date",
  "overview.kpi.mtd.since": "Since {date}",
  "overview.kpi.lastMonth": "Last month",
  "overview.kpi.change": "Change",
  "overview.kpi.change.hint": "Month to date vs the same period last month",
  "overview.kpi.samePeriod": "Same period last month",
  "overview.kpi.noComparison": "No spend in the same period last month",
  "overview.change.up": "Up",
  "overview.change.down": "Down",
  "overview.change.flat": "No change",
  "overview.providers.title": "Spend by provider",
  "overview.providers.subtitle": "Month to date and last month",
  "overview.daily.title": "Daily cost",
  "overview.daily.subtitle": "Last 90 days, stacked by top services",
  "overview.topServices.title": "Top 10 services",
  "overview.topAccounts.title": "Top 10 accounts",
  "overview.last30": "Last 30 days",
  "overview.noRows": "No spend in this window.",

  "table.provider": "Provider",
  "table.monthToDate": "Month to date",
  "table.lastMonth": "Last month",
  "table.service": "Service",
  "table.account": "Account",
  "table.amount": "Amount",
  "table.share": "Share",

  "chart.total": "Total",
  "chart.legend": "Legend",
  "chart.hint": "Hover or use the arrow keys to read values.",

  "common.cancel": "Cancel",

  "errors.wrong_key": "That passphrase does not open this data store.",
  "errors.keychain_unavailable": "No system keychain is available.",
  "errors.busy": "CloudLens is busy with another operation. Try again in a moment.",
  "errors.not_ready": "The data store is not open yet.",
  "errors.invalid_input": "The request was not valid.",
  "errors.storage": "The data store reported an error.",
  "errors.internal": "Something went wrong inside CloudLens.",
  "errors.unknown": "Something went wrong.",
} as const;

export type MessageKey = keyof typeof en;

/** A catalog must translate every key, with any string (placeholders are checked by a test). */
export type Messages = { readonly [K in MessageKey]: string };
