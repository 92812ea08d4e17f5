// The Data sources form's messages for the Chinese clouds' bucket route (bill files in OSS, COS or OBS) and the bucket permissions of each policy guide, in both languages.

export const connectionsBucketsEn = {
  "connections.source.hint.alibaba": "A bill subscription (账单订阅) delivered to OSS, itemised or FOCUS, is read file by file and is fast for large accounts; the bill API (BssOpenApi) is read day by day.",
  "connections.source.hint.tencent": "Bill storage to COS (账单存储到COS), the bill detail or FOCUS, is read file by file and is fast for large accounts; the bill API (DescribeBillDetail) is read day by day.",
  "connections.source.hint.huawei": "A bill subscription or Cost Center export to OBS, the resource bill or FOCUS, is read file by file and is fast for large accounts; the bill API (BSS) is read day by day.",
  "connections.guide.bucket.title": "Reading bills from a bucket",
  "connections.guide.bucket.alibaba": "With bills from a bucket, CloudLens also needs oss:ListObjects and oss:GetObject on the subscription's bucket (replace BILL-BUCKET in the policy), and nothing else in OSS.",
  "connections.guide.bucket.tencent": "With bills from a bucket, CloudLens also needs cos:GetBucket and cos:GetObject on the bill storage bucket (replace BILL-BUCKET-APPID, REGION and APPID in the policy), and nothing else in COS.",
  "connections.guide.bucket.huawei": "With bills from a bucket, CloudLens also needs obs:bucket:ListBucket and obs:object:GetObject on the subscription's bucket (replace BILL-BUCKET in the policy), and nothing else in OBS.",
  "connections.guide.bucket.aws": "With bills from a bucket, CloudLens also needs s3:ListBucket on the export's prefix and s3:GetObject on its files (replace EXPORT-BUCKET and EXPORT-PREFIX in the policy).",
} as const;

export const connectionsBucketsZhCN: Record<keyof typeof connectionsBucketsEn, string> = {
  "connections.source.hint.alibaba": "投递到 OSS 的账单订阅（明细账单或 FOCUS 账单）按文件读取，大账户同步更快；账单 API（BssOpenApi）按天读取。",
  "connections.source.hint.tencent": "账单存储到 COS 的文件（账单明细或 FOCUS 账单）按文件读取，大账户同步更快；账单 API（DescribeBillDetail）按天读取。",
  "connections.source.hint.huawei": "订阅到 OBS 的账单或成本中心导出（资源账单或 FOCUS）按文件读取，大账户同步更快；账单 API（BSS）按天读取。",
  "connections.guide.bucket.title": "从存储桶读取账单",
  "connections.guide.bucket.alibaba": "从存储桶读取账单时，CloudLens 还需要订阅存储桶上的 oss:ListObjects 和 oss:GetObject 权限（替换策略中的 BILL-BUCKET），OSS 的其他权限一概不需要。",
  "connections.guide.bucket.tencent": "从存储桶读取账单时，CloudLens 还需要账单存储桶上的 cos:GetBucket 和 cos:GetObject 权限（替换策略中的 BILL-BUCKET-APPID、REGION 和 APPID），COS 的其他权限一概不需要。",
  "connections.guide.bucket.huawei": "从存储桶读取账单时，CloudLens 还需要订阅存储桶上的 obs:bucket:ListBucket 和 obs:object:GetObject 权限（替换策略中的 BILL-BUCKET），OBS 的其他权限一概不需要。",
  "connections.guide.bucket.aws": "从存储桶读取账单时，CloudLens 还需要导出前缀上的 s3:ListBucket 和导出文件上的 s3:GetObject 权限（替换策略中的 EXPORT-BUCKET 和 EXPORT-PREFIX）。",
};
