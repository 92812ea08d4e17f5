// Charge-type toggles, spread period charges, the partial last period and
// shortened resource ids (Overview and Explorer), in both languages; en.ts
// and zh-CN.ts take them in.

export const chargesEn = {
  "charges.show": "Charges",
  "charges.type.usage": "Usage",
  "charges.type.purchase": "Purchases",
  "charges.type.tax": "Taxes",
  "charges.type.credit": "Credits",
  "charges.type.adjustment": "Refunds & adjustments",
  "charges.dim": "Charge type",
  "charges.hidden": "Hidden: {types}. Every chart, table and total here leaves them out.",
  "charges.spread": "Spread period charges",
  "charges.spread.hint": "Monthly subscriptions, support and taxes are shown over the days they cover instead of on the day they are billed; each month's total stays the same.",
  "charges.explain": "Credits are drawn below zero because they reduce the bill. Taxes and monthly subscriptions are billed on the 1st, which makes that day spike: spread them over the month or hide them.",
  "charges.partial": "{period} is incomplete: the data ends before it does (hatched in the chart).",
  "charges.partialShort": "incomplete",
} as const;

export const chargesZhCN: { readonly [K in keyof typeof chargesEn]: string } = {
  "charges.show": "费用类型",
  "charges.type.usage": "用量",
  "charges.type.purchase": "购买",
  "charges.type.tax": "税费",
  "charges.type.credit": "抵扣",
  "charges.type.adjustment": "退款与调整",
  "charges.dim": "费用类型",
  "charges.hidden": "已隐藏：{types}。此处所有图表、表格和合计均不含这些费用。",
  "charges.spread": "分摊周期性费用",
  "charges.spread.hint": "按月订阅、支持服务费和税费按其覆盖的天数分摊显示，而不是只显示在出账当天；每月合计保持不变。",
  "charges.explain": "抵扣会减少账单金额，因此显示在零线以下。税费和按月订阅在每月 1 日出账，所以当天会出现尖峰：您可以将其按月分摊或隐藏。",
  "charges.partial": "{period} 尚不完整：数据在该时段结束前截止（图中以斜线标出）。",
  "charges.partialShort": "不完整",
};
