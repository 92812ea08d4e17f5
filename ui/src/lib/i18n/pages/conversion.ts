// Messages about the display currency and conversions, shown on every page
// that shows money, in both languages; en.ts and zh-CN.ts take them in.

export const conversionEn = {
  "conversion.converted": "All amounts in {currency}, converted from {from} at the rates in Settings › Currency (latest rate {date}).",
  "conversion.convertedNoDate": "All amounts in {currency}, converted from {from} at the rates in Settings › Currency.",
  "conversion.same": "All amounts in {currency}; no conversion was needed.",
  "conversion.billing": "Billing currencies: each currency is shown on its own, never added together.",
  "conversion.choose": "Currency",
  "conversion.choose.billing": "Billing currencies",
  "conversion.chartCurrency": "Chart shows {currency}",
  "conversion.tableBlock": "{currency} · {count:# row|# rows}",
  "rates.notes": "Read as ISO codes: {notes}",
  "import.notes": "Read with a warning",
  "explorer.detail.metricNote": "Chart and total show {metric}, as the Explorer does",
  "conversion.totalMissing": "({count:# amount|# amounts} without a rate left out)",
} as const;

export const conversionZhCN: { readonly [K in keyof typeof conversionEn]: string } = {
  "conversion.converted": "所有金额均为 {currency}，由 {from} 按“设置 › 币种”中的汇率换算（最新汇率日期 {date}）。",
  "conversion.convertedNoDate": "所有金额均为 {currency}，由 {from} 按“设置 › 币种”中的汇率换算。",
  "conversion.same": "所有金额均为 {currency}，无需换算。",
  "conversion.billing": "按结算币种：每种币种分别显示，不会相加。",
  "conversion.choose": "币种",
  "conversion.choose.billing": "按结算币种",
  "conversion.chartCurrency": "图表显示 {currency}",
  "conversion.tableBlock": "{currency} · {count} 行",
  "rates.notes": "已按 ISO 代码读取：{notes}",
  "import.notes": "读取时的提示",
  "explorer.detail.metricNote": "图表和合计显示{metric}，与成本分析一致",
  "conversion.totalMissing": "（{count} 项无汇率，未计入）",
};
