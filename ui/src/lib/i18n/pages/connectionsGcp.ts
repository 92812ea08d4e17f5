// The Data sources form's messages for Google Cloud (a service-account key file, the BigQuery billing export table, the projects) and its role guide, in both languages.

export const connectionsGcpEn = {
  "connections.provider.gcp": "Google Cloud",
  "connections.field.keyId.gcp": "Service account",
  "connections.field.secret.gcp": "Service account key file (JSON)",
  "connections.field.keyFile.hint": "The key file stays where it is; its contents go to the keychain and are never shown.",
  "connections.field.keyFile.loaded": "Key of {email}",
  "connections.field.billingTable": "Billing export table",
  "connections.field.billingTable.hint": "The BigQuery table Cloud Billing exports to: PROJECT.DATASET.gcp_billing_export_v1_… (standard) or gcp_billing_export_resource_v1_… (detailed, with resources).",
  "connections.field.projects": "Projects (optional)",
  "connections.field.projects.hint": "Comma separated. Bills are read for these projects only, and inventory from each; without them, every project's bills and the key's own project's inventory.",
  "connections.problem.keyFile": "Choose a service account's JSON key file (it has client_email and private_key).",
  "connections.problem.billingTable": "A billing export table looks like my-project.billing.gcp_billing_export_v1_012345_6789AB_CDEF01.",
  "connections.problem.projectId": "Project ids are 6–30 lowercase letters, digits and hyphens, separated by commas.",
  "connections.guide.gcp.lead": "Create a service account for CloudLens and grant it only these roles: BigQuery Data Viewer on the billing export dataset and BigQuery Job User on its project (to run the read-only queries), and Compute Viewer and Monitoring Viewer on each project read.",
  "connections.guide.gcp.roles": "Roles to grant",
  "connections.guide.gcp.bindings": "Where each role is granted",
  "connections.guide.gcp.permissions": "Permissions CloudLens uses ({count})",
} as const;

export const connectionsGcpZhCN: Record<keyof typeof connectionsGcpEn, string> = {
  "connections.provider.gcp": "Google Cloud",
  "connections.field.keyId.gcp": "服务账号",
  "connections.field.secret.gcp": "服务账号密钥文件（JSON）",
  "connections.field.keyFile.hint": "密钥文件保持原样；其内容存入钥匙串，不会显示。",
  "connections.field.keyFile.loaded": "{email} 的密钥",
  "connections.field.billingTable": "账单导出表",
  "connections.field.billingTable.hint": "Cloud Billing 导出到的 BigQuery 表：项目.数据集.gcp_billing_export_v1_…（标准）或 gcp_billing_export_resource_v1_…（详细，含资源）。",
  "connections.field.projects": "项目（可选）",
  "connections.field.projects.hint": "以逗号分隔。仅读取这些项目的账单，并读取每个项目的资源清单；不填写时读取所有项目的账单和密钥所属项目的资源清单。",
  "connections.problem.keyFile": "请选择服务账号的 JSON 密钥文件（包含 client_email 和 private_key）。",
  "connections.problem.billingTable": "账单导出表的格式如 my-project.billing.gcp_billing_export_v1_012345_6789AB_CDEF01。",
  "connections.problem.projectId": "项目 ID 为 6–30 个小写字母、数字和连字符，以逗号分隔。",
  "connections.guide.gcp.lead": "为 CloudLens 创建服务账号，并只授予以下角色：在账单导出数据集上授予 BigQuery 数据查看者（BigQuery Data Viewer），在其项目上授予 BigQuery 作业用户（BigQuery Job User，用于运行只读查询），并在每个读取的项目上授予 Compute 查看者（Compute Viewer）和 Monitoring 查看者（Monitoring Viewer）。",
  "connections.guide.gcp.roles": "需授予的角色",
  "connections.guide.gcp.bindings": "各角色的授予范围",
  "connections.guide.gcp.permissions": "CloudLens 使用的权限（{count}）",
};
