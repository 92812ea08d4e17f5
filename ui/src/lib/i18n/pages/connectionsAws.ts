// The Data sources form's messages for AWS and the bill route (API or a bucket export), in both languages.

export const connectionsAwsEn = {
  "connections.provider.aws": "AWS",
  "connections.field.keyId.aws": "Access key ID",
  "connections.field.secret.aws": "Secret access key",
  "connections.field.source": "Bills from",
  "connections.source.api": "Bill API",
  "connections.source.bucket": "Export in a bucket",
  "connections.source.hint": "A bucket export (AWS Data Exports, CUR 2.0 or FOCUS) is itemised and fast for large accounts; the bill API (Cost Explorer) gives daily totals per service and account.",
  "connections.field.bucket": "Bucket",
  "connections.field.prefix": "Key prefix",
  "connections.field.roleArn": "Role to assume (optional)",
  "connections.field.roleArn.hint": "The key assumes this role through STS; temporary keys are renewed before they expire.",
  "connections.site.aws.china": "China regions",
  "connections.site.aws.international": "Global",
  "connections.problem.roleArn": "A role ARN looks like arn:aws:iam::123456789012:role/NAME.",
} as const;

export const connectionsAwsZhCN: Record<keyof typeof connectionsAwsEn, string> = {
  "connections.provider.aws": "亚马逊云科技 (AWS)",
  "connections.field.keyId.aws": "访问密钥 ID",
  "connections.field.secret.aws": "秘密访问密钥",
  "connections.field.source": "账单来源",
  "connections.source.api": "账单 API",
  "connections.source.bucket": "存储桶中的导出",
  "connections.source.hint": "存储桶导出（AWS Data Exports，CUR 2.0 或 FOCUS）为明细数据，大账户同步更快；账单 API（Cost Explorer）提供按服务和账户的每日汇总。",
  "connections.field.bucket": "存储桶",
  "connections.field.prefix": "键前缀",
  "connections.field.roleArn": "要代入的角色（可选）",
  "connections.field.roleArn.hint": "密钥通过 STS 代入此角色；临时密钥在过期前自动续期。",
  "connections.site.aws.china": "中国区域",
  "connections.site.aws.international": "全球",
  "connections.problem.roleArn": "角色 ARN 的格式为 arn:aws:iam::123456789012:role/名称。",
};
