import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { emitSync, mockBackend, resetMockBackend } from "../../test/mockBackend";
import type { ConnectionStatus, ConnectionView, PolicyGuideView, SyncRunView } from "$lib/backend";

vi.mock("$lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("$lib/backend")>()),
  backend: (await import("../../test/mockBackend")).mockBackend,
}));

const { default: Connections } = await import("./Connections.svelte");
const { connections, azureScope } = await import("$lib/state/connections.svelte");
const { locale } = await import("$lib/state/locale.svelte");
const { BackendError } = await import("$lib/backend");
const { status } = await import("$lib/state/status.svelte");
const { readyStatus } = await import("../../test/fixtures/overview");

function connection(overrides: Partial<ConnectionView> = {}): ConnectionView {
  return {
    name: "prod-tencent",
    provider: "tencent",
    key_id: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
    endpoint: null,
    region: "ap-guangzhou",
    site: "china",
    status: "up_to_date",
    advice: "Bills and inventory are current.",
    last_success: "2026-11-26T08:00:00Z",
    last_error: null,
    billing_account: "100000000007",
    lines: 5400,
    resources: 60,
    ...overrides,
  };
}

const guides: Record<string, PolicyGuideView> = {
  alibaba: {
    provider: "alibaba",
    managed_policies: ["AliyunBSSReadOnlyAccess", "AliyunECSReadOnlyAccess"],
    custom_policy: '{\n  "Version": "1",\n  "Statement": [{ "Effect": "Allow", "Action": ["bss:DescribeInstanceBill"] }]\n}',
    actions: ["bss:DescribeInstanceBill", "bss:QueryBillOverview", "ecs:DescribeInstances"],
  },
  tencent: {
    provider: "tencent",
    managed_policies: ["QcloudFinanceBillReadOnlyAccess"],
    custom_policy: '{"version":"2.0","statement":[{"effect":"allow","action":["billing:DescribeBillDetail"]}]}',
    actions: ["billing:DescribeBillDetail", "cvm:DescribeInstances"],
  },
  huawei: {
    provider: "huawei",
    managed_policies: ["BSS ReadOnlyAccess"],
    custom_policy: '{"Version":"1.1","Statement":[{"Effect":"Allow","Action":["bss:bill:view"]}]}',
    actions: ["bss:bill:view", "ecs:servers:list"],
  },
  gcp: {
    provider: "gcp",
    managed_policies: ["roles/bigquery.dataViewer", "roles/bigquery.jobUser", "roles/compute.viewer", "roles/monitoring.viewer"],
    custom_policy: '{"bindings":[{"role":"roles/bigquery.dataViewer","scope":"the billing export dataset (PROJECT.DATASET)"}]}',
    actions: ["oauth2.token", "bigquery.jobs.query", "bigquery.jobs.getQueryResults", "compute.instances.aggregatedList"],
  },
};

function run(overrides: Partial<SyncRunView> = {}): SyncRunView {
  return {
    id: 3,
    connection: "prod-tencent",
    started_at: "2026-11-26T08:00:00Z",
    finished_at: "2026-11-26T08:01:05Z",
    outcome: "succeeded",
    windows_done: 3,
    windows_skipped: 0,
    windows_failed: 0,
    requests: 42,
    retries: 2,
    lines: 5400,
    resources: 60,
    message: null,
    ...overrides,
  };
}

beforeEach(() => {
  resetMockBackend();
  connections.reset();
  locale.set("en");
  mockBackend.sync.policyGuide.mockImplementation(async (provider: string) => {
    const guide = guides[provider];
    if (!guide) throw new Error(`no guide for ${provider}`);
    return guide;
  });
});

async function renderWith(list: ConnectionView[]) {
  mockBackend.sync.connections.mockResolvedValue(list);
  render(Connections);
  await waitFor(() => expect(mockBackend.sync.connections).toHaveBeenCalled());
}

function fill(testid: string, value: string) {
  return fireEvent.input(screen.getByTestId(testid), { target: { value } });
}

describe("connection list", () => {
  it("shows the empty state, then the error of a failed load with a retry", async () => {
    await renderWith([]);
    expect(await screen.findByTestId("connections-empty")).toBeInTheDocument();

    mockBackend.sync.connections.mockRejectedValueOnce(new BackendError("storage", "disk I/O error"));
    await connections.refresh();
    const error = await screen.findByTestId("connections-error");
    expect(error).toHaveTextContent("disk I/O error");
    mockBackend.sync.connections.mockResolvedValue([connection()]);
    await fireEvent.click(within(error).getByRole("button"));
    expect(await screen.findByTestId("connection-row")).toBeInTheDocument();
  });

  it("shows the key id, never a secret, with counts and both last success and last error", async () => {
    await renderWith([
      connection({
        status: "provider_unreachable",
        last_error: { at: "2026-11-26T09:00:00Z", status: "provider_unreachable", message: "connect timed out after 30 s", request_id: "req-9" },
      }),
    ]);
    const row = await screen.findByTestId("connection-row");
    expect(within(row).getByTestId("connection-key-id")).toHaveTextContent("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE");
    expect(within(row).getByTestId("connection-lines")).toHaveTextContent("5,400");
    expect(within(row).getByTestId("connection-resources")).toHaveTextContent("60");
    // A failure never hides when data was last good.
    expect(within(row).getByTestId("connection-last-success")).toHaveAttribute("data-at", "2026-11-26T08:00:00Z");
    expect(within(row).getByTestId("connection-last-success")).not.toHaveTextContent("Never");
    const lastError = within(row).getByTestId("connection-last-error");
    expect(lastError).toHaveAttribute("data-status", "provider_unreachable");
    expect(lastError).toHaveTextContent("connect timed out after 30 s");
    expect(row.querySelector("input[type=password]")).toBeNull();
  });

  const expected: Record<ConnectionStatus, { en: string; zh: string; advice: RegExp }> = {
    not_synced: { en: "Not synced yet", zh: "尚未同步", advice: /Test the connection/ },
    not_configured: { en: "Not configured", zh: "未配置", advice: /keychain/ },
    credentials_rejected: { en: "Credentials rejected", zh: "凭据被拒绝", advice: /access key ID and secret/ },
    permission_missing: { en: "Permission missing", zh: "缺少权限", advice: /read-only policies/ },
    provider_unreachable: { en: "Provider unreachable", zh: "无法连接云厂商", advice: /network, proxy and endpoint/ },
    partial_data: { en: "Partial data", zh: "数据不完整", advice: /sync again/ },
    syncing: { en: "Syncing", zh: "同步中", advice: /being fetched/ },
    up_to_date: { en: "Up to date", zh: "已是最新", advice: /current/ },
  };

  it("renders every status of the closed list with its advice, in both languages", async () => {
    const statuses = Object.keys(expected) as ConnectionStatus[];
    await renderWith(statuses.map((status) => connection({ name: `c-${status}`, status })));
    await screen.findAllByTestId("connection-row");
    for (const status of statuses) {
      const row = document.querySelector(`[data-testid=connection-row][data-name=c-${status}]`) as HTMLElement;
      const badge = within(row).getByTestId("connection-status");
      expect(badge).toHaveAttribute("data-status", status);
      expect(badge).toHaveTextContent(expected[status].en);
      expect(within(row).getByTestId("connection-advice").textContent).toMatch(expected[status].advice);
    }
    locale.set("zh-CN");
    await waitFor(() => {
      for (const status of statuses) {
        const row = document.querySelector(`[data-testid=connection-row][data-name=c-${status}]`) as HTMLElement;
        expect(within(row).getByTestId("connection-status")).toHaveTextContent(expected[status].zh);
      }
    });
  });

  it("tests a connection and shows what to check when the provider refuses", async () => {
    await renderWith([connection({ status: "not_synced", last_success: null })]);
    mockBackend.sync.testConnection.mockResolvedValue({
      ok: false,
      status: "credentials_rejected",
      billing_account: null,
      account_name: null,
      message: "AuthFailure.SignatureFailure: The provided credentials could not be validated.",
    });
    const row = await screen.findByTestId("connection-row");
    expect(within(row).getByTestId("connection-last-success")).toHaveTextContent("Never");
    await fireEvent.click(within(row).getByTestId("connection-test"));
    const result = await within(row).findByTestId("connection-test-result");
    expect(mockBackend.sync.testConnection).toHaveBeenCalledWith("prod-tencent");
    expect(result).toHaveAttribute("data-status", "credentials_rejected");
    expect(result).toHaveTextContent("Credentials rejected");
    expect(result).toHaveTextContent("AuthFailure.SignatureFailure");
  });

  it("removes a connection only after confirmation", async () => {
    await renderWith([connection()]);
    await fireEvent.click(await screen.findByTestId("connection-remove"));
    const dialog = screen.getByTestId("confirm-dialog");
    expect(dialog).toHaveTextContent("prod-tencent");
    await fireEvent.click(within(dialog).getByTestId("confirm-cancel"));
    expect(mockBackend.sync.removeConnection).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByTestId("connection-remove"));
    mockBackend.sync.connections.mockResolvedValue([]);
    await fireEvent.click(screen.getByTestId("confirm-ok"));
    await waitFor(() => expect(mockBackend.sync.removeConnection).toHaveBeenCalledWith("prod-tencent"));
    expect(await screen.findByTestId("connections-empty")).toBeInTheDocument();
  });
});

describe("add connection", () => {
  it("says where the secret really goes: the keychain, or the store in passphrase mode", async () => {
    status.current = readyStatus({ secrets_in_store: false });
    await renderWith([]);
    expect(document.getElementById("conn-secret-hint")).toHaveTextContent("Stored in the system keychain");
    status.current = readyStatus({ secrets_in_store: true });
    await waitFor(() => expect(document.getElementById("conn-secret-hint")).toHaveTextContent("Sealed in the encrypted store"));
    expect(document.getElementById("conn-secret-hint")).not.toHaveTextContent("keychain;");
    locale.set("zh-CN");
    await waitFor(() => expect(document.getElementById("conn-secret-hint")).toHaveTextContent("密封保存在加密存储中"));
    locale.set("en");
    status.current = null;
  });

  it("validates before sending anything", async () => {
    await renderWith([connection()]);
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(screen.getByTestId("add-problem-name")).toHaveTextContent("Required.");
    expect(screen.getByTestId("add-problem-keyId")).toHaveTextContent("Required.");
    expect(screen.getByTestId("add-problem-secret")).toHaveTextContent("Required.");

    await fill("add-name", "prod-tencent");
    await fill("add-key-id", "AKID 123");
    await fill("add-secret", "s3cr3t");
    await fill("add-region", "Cn Hangzhou");
    await fill("add-endpoint", "localhost:8080");
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(screen.getByTestId("add-problem-name")).toHaveTextContent("exists");
    expect(screen.getByTestId("add-problem-keyId")).toHaveTextContent("spaces");
    expect(screen.getByTestId("add-problem-region")).toHaveTextContent("lower-case");
    expect(screen.getByTestId("add-problem-endpoint")).toHaveTextContent("http://");
    expect(mockBackend.sync.addConnection).not.toHaveBeenCalled();
  });

  it("submits the form, clears the secret, then tests and shows the account", async () => {
    await renderWith([]);
    const added = connection({ name: "staging", status: "not_synced", last_success: null, lines: 0, resources: 0 });
    mockBackend.sync.addConnection.mockImplementation(async () => {
      mockBackend.sync.connections.mockResolvedValue([added]);
      return added;
    });
    mockBackend.sync.testConnection.mockResolvedValue({
      ok: true,
      status: "not_synced",
      billing_account: "100000000007",
      account_name: "CloudLens Test Co.",
      message: "",
    });

    await fireEvent.click(screen.getByTestId("add-provider-tencent"));
    await fill("add-name", " staging ");
    await fill("add-key-id", "AKIDexample");
    await fill("add-secret", "the-secret-value");
    await fireEvent.click(screen.getByTestId("add-site-international"));
    await fireEvent.click(screen.getByTestId("add-advanced"));
    await fill("add-endpoint", "http://127.0.0.1:43123");
    await fireEvent.click(screen.getByTestId("add-submit"));

    await waitFor(() =>
      expect(mockBackend.sync.addConnection).toHaveBeenCalledWith({
        name: "staging",
        provider: "tencent",
        key_id: "AKIDexample",
        secret: "the-secret-value",
        region: null,
        site: "international",
        endpoint: "http://127.0.0.1:43123",
        source: "api",
        bucket: null,
        prefix: null,
        role_arn: null,
        billing_table: null,
        projects: null,
      }),
    );
    const secret = screen.getByTestId("add-secret") as HTMLInputElement;
    expect(secret.type).toBe("password");
    expect(secret.value).toBe("");
    const result = await screen.findByTestId("add-test-result");
    await waitFor(() => expect(result).toHaveAttribute("data-state", "ok"));
    expect(result).toHaveTextContent("Connected to account CloudLens Test Co. (100000000007)");
    expect(mockBackend.sync.testConnection).toHaveBeenCalledWith("staging");
    expect(await screen.findByTestId("connection-row")).toHaveAttribute("data-name", "staging");
    // The secret appears nowhere on the page afterwards.
    expect(document.body.innerHTML).not.toContain("the-secret-value");
  });

  it("adds an AWS connection reading its Data Export from a bucket, with a role, in both languages", async () => {
    await renderWith([]);
    const added = connection({ name: "aws-cur", provider: "aws", status: "not_synced", last_success: null, lines: 0, resources: 0 });
    mockBackend.sync.addConnection.mockResolvedValue(added);
    await fireEvent.click(screen.getByTestId("add-provider-aws"));
    expect(screen.getByTestId("add-site-international")).toHaveTextContent("Global");
    await fireEvent.click(screen.getByTestId("add-source-bucket"));
    await fill("add-name", "aws-cur");
    await fill("add-key-id", "AKIAIOSFODNN7EXAMPLE");
    await fill("add-secret", "wJalrXUtnFEMI");
    await fill("add-role-arn", "arn:aws:iam::12345:role/x");
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(screen.getByTestId("add-problem-bucket")).toHaveTextContent("Required.");
    expect(screen.getByTestId("add-problem-roleArn")).toHaveTextContent("arn:aws:iam::");
    expect(mockBackend.sync.addConnection).not.toHaveBeenCalled();

    await fill("add-bucket", "billing-exports");
    await fill("add-prefix", "cur2");
    await fill("add-role-arn", "arn:aws:iam::123456789012:role/cloudlens");
    await fireEvent.click(screen.getByTestId("add-submit"));
    await waitFor(() =>
      expect(mockBackend.sync.addConnection).toHaveBeenCalledWith({
        name: "aws-cur",
        provider: "aws",
        key_id: "AKIAIOSFODNN7EXAMPLE",
        secret: "wJalrXUtnFEMI",
        region: null,
        site: "international",
        endpoint: null,
        source: "bucket",
        bucket: "billing-exports",
        prefix: "cur2",
        role_arn: "arn:aws:iam::123456789012:role/cloudlens",
        billing_table: null,
        projects: null,
      }),
    );

    locale.set("zh-CN");
    await waitFor(() => expect(screen.getByTestId("add-source-bucket")).toHaveTextContent("存储桶中的导出"));
    expect(screen.getByLabelText("存储桶")).toBeInTheDocument();
  });

  it("adds a Google Cloud connection from a key file, its billing table and projects, in both languages", async () => {
    await renderWith([]);
    const added = connection({ name: "gcp-billing", provider: "gcp", status: "not_synced", last_success: null, lines: 0, resources: 0 });
    mockBackend.sync.addConnection.mockResolvedValue(added);
    await fireEvent.click(screen.getByTestId("add-provider-gcp"));
    expect(screen.queryByTestId("add-key-id")).toBeNull();
    const guide = screen.getByTestId("policy-guide");
    await waitFor(() => expect(within(guide).getAllByTestId("policy-managed")).toHaveLength(4));
    expect(guide).toHaveTextContent("Roles to grant");
    expect(guide).toHaveTextContent("BigQuery Job User");
    await fill("add-name", "gcp-billing");
    await fill("add-billing-table", "billing-admin.billing.orders");
    await fill("add-projects", "shop-prod-4411, X");
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(screen.getByTestId("add-problem-secret")).toHaveTextContent("Required.");
    expect(screen.getByTestId("add-problem-billingTable")).toHaveTextContent("gcp_billing_export_v1_");
    expect(screen.getByTestId("add-problem-projects")).toHaveTextContent("6–30");
    expect(mockBackend.sync.addConnection).not.toHaveBeenCalled();

    const key = JSON.stringify({
      type: "service_account",
      client_email: "reader@billing-admin.iam.gserviceaccount.com",
      private_key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n",
    });
    const file = new File([key], "key.json", { type: "application/json" });
    await fireEvent.change(screen.getByTestId("add-key-file"), { target: { files: [file] } });
    expect(await screen.findByTestId("add-key-email")).toHaveTextContent("reader@billing-admin.iam.gserviceaccount.com");
    await fill("add-billing-table", "billing-admin.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9");
    await fill("add-projects", "shop-prod-4411, data-lab-4412");
    await fireEvent.click(screen.getByTestId("add-submit"));
    await waitFor(() =>
      expect(mockBackend.sync.addConnection).toHaveBeenCalledWith({
        name: "gcp-billing",
        provider: "gcp",
        key_id: "",
        secret: key,
        region: null,
        site: "international",
        endpoint: null,
        source: "api",
        bucket: null,
        prefix: null,
        role_arn: null,
        billing_table: "billing-admin.billing.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9",
        projects: ["shop-prod-4411", "data-lab-4412"],
      }),
    );
    expect(document.body.innerHTML).not.toContain("BEGIN PRIVATE KEY");

    locale.set("zh-CN");
    await waitFor(() => expect(screen.getByLabelText("账单导出表")).toBeInTheDocument());
    expect(screen.getByTestId("policy-guide")).toHaveTextContent("BigQuery 数据查看者");
  });

  it("adds a Huawei connection reading its bill subscription from OBS, with the bucket permissions in both languages", async () => {
    await renderWith([]);
    const added = connection({ name: "hw-obs", provider: "huawei", status: "not_synced", last_success: null, lines: 0, resources: 0 });
    mockBackend.sync.addConnection.mockResolvedValue(added);
    await fireEvent.click(screen.getByTestId("add-provider-huawei"));
    await fireEvent.click(screen.getByTestId("add-source-bucket"));
    expect(screen.getByTestId("add-source-hint")).toHaveTextContent("OBS");
    expect(screen.queryByTestId("add-role-arn")).toBeNull();
    await fill("add-name", "hw-obs");
    await fill("add-key-id", "HPUAEXAMPLE");
    await fill("add-secret", "hw-secret");
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(screen.getByTestId("add-problem-bucket")).toHaveTextContent("Required.");
    expect(mockBackend.sync.addConnection).not.toHaveBeenCalled();

    await fill("add-bucket", "cloudlens-bills");
    await fill("add-prefix", "bills/");
    await fireEvent.click(screen.getByTestId("add-submit"));
    await waitFor(() =>
      expect(mockBackend.sync.addConnection).toHaveBeenCalledWith({
        name: "hw-obs",
        provider: "huawei",
        key_id: "HPUAEXAMPLE",
        secret: "hw-secret",
        region: null,
        site: "china",
        endpoint: null,
        source: "bucket",
        bucket: "cloudlens-bills",
        prefix: "bills/",
        role_arn: null,
        billing_table: null,
        projects: null,
      }),
    );
    const guide = await screen.findByTestId("policy-guide");
    await waitFor(() => expect(within(guide).getByTestId("policy-bucket")).toHaveTextContent("obs:object:GetObject"));

    locale.set("zh-CN");
    await waitFor(() => expect(screen.getByTestId("add-source-hint")).toHaveTextContent("订阅到 OBS"));
    expect(within(guide).getByTestId("policy-bucket")).toHaveTextContent("替换策略中的 BILL-BUCKET");
  });

  it("adds an Azure connection reading its Cost Management export from a container, in both languages", async () => {
    await renderWith([]);
    const added = connection({ name: "azure-ea", provider: "azure", status: "not_synced", last_success: null, lines: 0, resources: 0 });
    mockBackend.sync.addConnection.mockResolvedValue(added);
    await fireEvent.click(screen.getByTestId("add-provider-azure"));
    expect(screen.getByTestId("add-site-international")).toHaveTextContent("Global");
    expect(screen.queryByTestId("add-role-arn")).toBeNull();
    await fireEvent.click(screen.getByTestId("add-source-bucket"));
    await fill("add-name", "azure-ea");
    await fill("add-key-id", "0f1e2d3c-0000-4000-8000-00000000bbbb");
    await fill("add-secret", "client~secret~value");
    await fill("add-scope", "resourceGroups/rg-1");
    await fill("add-storage-account", "Billing_Exports");
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(screen.getByTestId("add-problem-tenant")).toHaveTextContent("Required.");
    expect(screen.getByTestId("add-problem-scope")).toHaveTextContent("subscriptions/ID");
    expect(screen.getByTestId("add-problem-storageAccount")).toHaveTextContent("lower-case");
    expect(screen.getByTestId("add-problem-container")).toHaveTextContent("Required.");
    expect(mockBackend.sync.addConnection).not.toHaveBeenCalled();

    await fill("add-tenant", "72f988bf-0000-4000-8000-00000000aaaa");
    await fill("add-scope", "providers/Microsoft.Billing/billingAccounts/8611537");
    await fill("add-storage-account", "billingexports");
    await fill("add-container", "cost-exports");
    await fill("add-prefix", "costs");
    await fireEvent.click(screen.getByTestId("add-submit"));
    await waitFor(() =>
      expect(mockBackend.sync.addConnection).toHaveBeenCalledWith({
        name: "azure-ea",
        provider: "azure",
        key_id: "72f988bf-0000-4000-8000-00000000aaaa/0f1e2d3c-0000-4000-8000-00000000bbbb",
        secret: "client~secret~value",
        region: null,
        site: "international",
        endpoint: null,
        source: "bucket",
        bucket: "billingexports/cost-exports",
        prefix: "costs",
        role_arn: "providers/Microsoft.Billing/billingAccounts/8611537",
        billing_table: null,
        projects: null,
      }),
    );

    locale.set("zh-CN");
    await waitFor(() => expect(screen.getByLabelText("目录（租户）ID")).toBeInTheDocument());
    expect(screen.getByLabelText("存储帐户")).toBeInTheDocument();
  });

  it("reads a bare subscription id as the Azure scope", () => {
    expect(azureScope("00000000-0000-0000-0000-000000000001")).toBe("subscriptions/00000000-0000-0000-0000-000000000001");
    expect(azureScope(" /subscriptions/abc/ ")).toBe("subscriptions/abc");
    expect(azureScope("")).toBeNull();
    expect(azureScope("a b")).toBe("");
  });

  it("clears the secret and shows the core's error when adding fails", async () => {
    await renderWith([]);
    mockBackend.sync.addConnection.mockRejectedValue(new BackendError("keychain_unavailable", "Secret Service is not running"));
    await fill("add-name", "prod");
    await fill("add-key-id", "LTAI5t");
    await fill("add-secret", "abc");
    await fireEvent.click(screen.getByTestId("add-submit"));
    expect(await screen.findByTestId("add-error")).toHaveTextContent("Secret Service is not running");
    expect((screen.getByTestId("add-secret") as HTMLInputElement).value).toBe("");
    expect(mockBackend.sync.testConnection).not.toHaveBeenCalled();
  });

  it("shows each provider's read-only guidance beside the form", async () => {
    await renderWith([]);
    let guide = await screen.findByTestId("policy-guide");
    await waitFor(() => expect(within(guide).getAllByTestId("policy-action")).toHaveLength(3));
    expect(guide).toHaveAttribute("data-provider", "alibaba");
    expect(within(guide).getAllByTestId("policy-managed").map((e) => e.textContent)).toEqual(["AliyunBSSReadOnlyAccess", "AliyunECSReadOnlyAccess"]);
    expect(within(guide).getByTestId("policy-document").textContent).toBe(guides.alibaba?.custom_policy);
    expect(screen.getByLabelText("AccessKey ID")).toBeInTheDocument();

    for (const provider of ["tencent", "huawei"] as const) {
      await fireEvent.click(screen.getByTestId(`add-provider-${provider}`));
      guide = screen.getByTestId("policy-guide");
      expect(guide).toHaveAttribute("data-provider", provider);
      await waitFor(() => expect(within(guide).getByTestId("policy-document").textContent).toBe(guides[provider]?.custom_policy));
      expect(within(guide).getAllByTestId("policy-action").map((e) => e.textContent)).toEqual(guides[provider]?.actions);
    }
    expect(screen.getByLabelText("Secret Access Key (SK)")).toBeInTheDocument();
    expect(mockBackend.sync.policyGuide.mock.calls.map((c) => c[0])).toEqual(["alibaba", "tencent", "huawei"]);
  });

  it("copies the custom policy document", async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    await renderWith([]);
    const copy = await screen.findByTestId("policy-copy");
    await fireEvent.click(copy);
    expect(writeText).toHaveBeenCalledWith(guides.alibaba?.custom_policy);
    await waitFor(() => expect(copy).toHaveTextContent("Copied"));
  });
});

describe("sync", () => {
  it("follows progress events on the bar, then shows the run summary and refreshed counts", async () => {
    await renderWith([connection({ status: "not_synced", lines: 0, resources: 0, last_success: null })]);
    await fireEvent.click(await screen.findByTestId("connection-sync"));
    expect(mockBackend.sync.syncNow).toHaveBeenCalledWith({ connection: "prod-tencent", from: null, to: null });
    const row = screen.getByTestId("connection-row");
    expect(row).toHaveAttribute("data-status", "syncing");
    expect(within(row).getByTestId("connection-sync")).toBeDisabled();

    emitSync({ kind: "progress", connection: "prod-tencent", windows_done: 1, windows_total: 4, requests: 12, retries: 0, lines: 1800, resources: 0, stage: "bills 2026-09" });
    const progress = await within(row).findByTestId("sync-progress");
    const bar = within(progress).getByRole("progressbar");
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "25"));
    expect(progress).toHaveTextContent("Fetching bills for 2026-09");
    expect(progress).toHaveTextContent("1 of 4 windows");
    expect(progress).toHaveTextContent("1,800 lines");

    emitSync({ kind: "progress", connection: "prod-tencent", windows_done: 3, windows_total: 4, requests: 40, retries: 2, lines: 5400, resources: 60, stage: "inventory ap-guangzhou" });
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "75"));
    expect(progress).toHaveTextContent("2 retries");
    expect(progress).toHaveTextContent("60 resources");

    mockBackend.sync.connections.mockResolvedValue([connection()]);
    emitSync({ kind: "finished", ...run() });
    const summary = await within(row).findByTestId("sync-run-summary");
    expect(summary).toHaveAttribute("data-outcome", "succeeded");
    expect(summary).toHaveTextContent("Succeeded");
    expect(summary).toHaveTextContent("42 requests");
    expect(summary).toHaveTextContent("took 1:05");
    expect(within(row).queryByTestId("sync-progress")).toBeNull();
    await waitFor(() => expect(row).toHaveAttribute("data-status", "up_to_date"));
    expect(within(row).getByTestId("connection-lines")).toHaveTextContent("5,400");
  });

  it("cancels a running sync", async () => {
    await renderWith([connection()]);
    await fireEvent.click(await screen.findByTestId("connection-sync"));
    emitSync({ kind: "progress", connection: "prod-tencent", windows_done: 0, windows_total: 3, requests: 1, retries: 0, lines: 0, resources: 0, stage: "bills 2026-09" });
    const cancel = await screen.findByTestId("sync-cancel");
    await fireEvent.click(cancel);
    expect(mockBackend.sync.cancelSync).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(cancel).toBeDisabled());
    emitSync({ kind: "failed", ...run({ outcome: "cancelled", windows_done: 0, message: "cancelled by the user" }) });
    const summary = await screen.findByTestId("sync-run-summary");
    expect(summary).toHaveAttribute("data-outcome", "cancelled");
    expect(summary).toHaveTextContent("cancelled by the user");
  });

  it("syncs all connections over a month range, refusing a bad range", async () => {
    await renderWith([connection(), connection({ name: "ali", provider: "alibaba" })]);
    await screen.findAllByTestId("connection-row");
    await fill("sync-from", "2026-9");
    expect(screen.getByTestId("sync-range-problem")).toHaveTextContent("YYYY-MM");
    expect(screen.getByTestId("sync-all")).toBeDisabled();
    await fill("sync-from", "2026-10");
    await fill("sync-to", "2026-09");
    expect(screen.getByTestId("sync-range-problem")).toHaveTextContent("must not be after");
    await fill("sync-to", "2026-11");
    await fireEvent.click(screen.getByTestId("sync-all"));
    expect(mockBackend.sync.syncNow).toHaveBeenCalledWith({ connection: null, from: "2026-10", to: "2026-11" });
    expect(screen.getAllByTestId("connection-row").map((r) => r.getAttribute("data-status"))).toEqual(["syncing", "syncing"]);
    expect(screen.getByTestId("sync-all")).toBeDisabled();
  });

  it("shows the error when a sync cannot start", async () => {
    await renderWith([connection()]);
    mockBackend.sync.syncNow.mockRejectedValue(new BackendError("busy", "an import is running"));
    await fireEvent.click(await screen.findByTestId("connection-sync"));
    expect(await screen.findByTestId("sync-error")).toHaveTextContent("an import is running");
    expect(screen.getByTestId("connection-row")).toHaveAttribute("data-status", "up_to_date");
  });

  it("lists a connection's run history and reloads it when a run finishes", async () => {
    await renderWith([connection()]);
    mockBackend.sync.syncHistory.mockResolvedValue([
      run({ id: 2, outcome: "partial", windows_failed: 1, message: "2026-10: RequestLimitExceeded" }),
      run({ id: 1, outcome: "failed", lines: 0, message: "AuthFailure" }),
    ]);
    await fireEvent.click(await screen.findByTestId("connection-history-toggle"));
    const rows = await screen.findAllByTestId("sync-history-row");
    expect(mockBackend.sync.syncHistory).toHaveBeenCalledWith("prod-tencent");
    expect(rows.map((r) => r.getAttribute("data-outcome"))).toEqual(["partial", "failed"]);
    expect(rows[0]).toHaveTextContent("RequestLimitExceeded");
    expect(rows[1]).toHaveTextContent("Failed");

    mockBackend.sync.syncHistory.mockResolvedValue([run({ id: 3 }), run({ id: 2, outcome: "partial" }), run({ id: 1, outcome: "failed" })]);
    emitSync({ kind: "finished", ...run({ id: 3 }) });
    await waitFor(() => expect(screen.getAllByTestId("sync-history-row")).toHaveLength(3));
  });

  it("reads and sets the automatic schedule", async () => {
    mockBackend.sync.schedule.mockResolvedValue({ every_hours: 5 });
    await renderWith([connection()]);
    const select = (await screen.findByTestId("schedule-select")) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe("5"));
    await fireEvent.change(select, { target: { value: "off" } });
    expect(mockBackend.sync.setSchedule).toHaveBeenCalledWith({ every_hours: null });
    await fireEvent.change(select, { target: { value: "6" } });
    expect(mockBackend.sync.setSchedule).toHaveBeenLastCalledWith({ every_hours: 6 });
  });
});
