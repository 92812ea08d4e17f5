// The Data sources form's messages for Azure (an app registration's client credentials, the scope read and the
// Cost Management export's container), in both languages.

export const connectionsAzureEn = {
  "connections.provider.azure": "Azure",
  "connections.field.keyId.azure": "Application (client) ID",
  "connections.field.secret.azure": "Client secret value",
  "connections.field.tenant.azure": "Directory (tenant) ID",
  "connections.field.scope.azure": "Scope",
  "connections.field.scope.azure.hint": "A subscription ID, subscriptions/ID, or providers/Microsoft.Billing/billingAccounts/ID. Empty: the one subscription the app can read.",
  "connections.field.storageAccount.azure": "Storage account",
  "connections.field.container.azure": "Container",
  "connections.field.prefix.azure": "Directory",
  "connections.source.hint.azure": "A Cost Management export (actual or amortized cost details, or FOCUS) in a Blob Storage container is itemised and fast for large accounts; the bill API (Cost Management query) gives daily totals per service and resource group.",
  "connections.site.azure.china": "Azure China (21Vianet)",
  "connections.site.azure.international": "Global",
  "connections.problem.scope": "A scope is a subscription ID, subscriptions/ID or providers/Microsoft.Billing/billingAccounts/ID.",
  "connections.problem.storageAccount": "3 to 24 lower-case letters and digits.",
  "connections.guide.roles.azure": "Built-in roles (assign at the scope; Storage Blob Data Reader on the export's container only)",
} as const;

export const connectionsAzureZhCN: Record<keyof typeof connectionsAzureEn, string> = {
  "connections.provider.azure": "微软 Azure",
  "connections.field.keyId.azure": "应用程序（客户端）ID",
  "connections.field.secret.azure": "客户端密码值",
  "connections.field.tenant.azure": "目录（租户）ID",
  "connections.field.scope.azure": "范围",
  "connections.field.scope.azure.hint": "订阅 ID、subscriptions/ID 或 providers/Microsoft.Billing/billingAccounts/ID。留空：应用可读取的唯一订阅。",
  "connections.field.storageAccount.azure": "存储帐户",
  "connections.field.container.azure": "容器",
  "connections.field.prefix.azure": "目录",
  "connections.source.hint.azure": "Blob 存储容器中的成本管理导出（实际或摊销成本明细，或 FOCUS）为明细数据，大账户同步更快；账单 API（成本管理查询）提供按服务和资源组的每日汇总。",
  "connections.site.azure.china": "Azure 中国（世纪互联）",
  "connections.site.azure.international": "全球",
  "connections.problem.scope": "范围为订阅 ID、subscriptions/ID 或 providers/Microsoft.Billing/billingAccounts/ID。",
  "connections.problem.storageAccount": "3 到 24 个小写字母和数字。",
  "connections.guide.roles.azure": "内置角色（在该范围分配；存储 Blob 数据读取者仅分配到导出的容器）",
};
