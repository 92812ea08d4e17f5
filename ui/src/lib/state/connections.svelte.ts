// Provider connections: the secret-free list with each one's status, the
// read-only guidance per provider, test results, running syncs (progress
// arrives as sync-update events from the core), finished run summaries, the
// run history per connection and the automatic schedule.

import {
  BackendError,
  backend,
  type AddConnectionRequest,
  type ConnectionTestView,
  type ConnectionView,
  type PolicyGuideView,
  type ScheduleView,
  type SyncEvent,
  type SyncProgressView,
  type SyncRunView,
} from "../backend";

/** What the add form collects; optional fields are "" when left empty. */
export interface ConnectionDraft {
  provider: string;
  name: string;
  keyId: string;
  secret: string;
  region: string;
  site: "china" | "international";
  endpoint: string;
  /** Where bills come from: the bill API or the export in a bucket. */
  source: "api" | "bucket";
  bucket: string;
  prefix: string;
  roleArn: string;
  /** Google Cloud: the billing export table, PROJECT.DATASET.TABLE. */
  billingTable: string;
  /** Google Cloud: projects to read, comma separated. */
  projects: string;
  /** Azure: the app registration's directory, the scope read and the export's container. */
  tenant?: string;
  scope?: string;
  storageAccount?: string;
  container?: string;
}

export type DraftField =
  | "name"
  | "keyId"
  | "secret"
  | "region"
  | "endpoint"
  | "bucket"
  | "roleArn"
  | "billingTable"
  | "projects"
  | "tenant"
  | "scope"
  | "storageAccount"
  | "container";
export type DraftProblem =
  | "required"
  | "taken"
  | "nameChars"
  | "spaces"
  | "endpointUrl"
  | "regionChars"
  | "roleArn"
  | "keyFile"
  | "billingTable"
  | "projectId"
  | "scope"
  | "storageAccount";

const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GCP_TABLE = /^[a-z][a-z0-9-]{4,28}[a-z0-9][.:][A-Za-z0-9_]+\.gcp_billing_export_(resource_)?v1_[A-Za-z0-9_]+$/;

/** The projects of a draft's comma-separated list. */
export function projectList(text: string): string[] {
  return text
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}

/** The client email of a service account's key file, or null when the text is not one. */
export function keyFileEmail(text: string): string | null {
  try {
    const key = JSON.parse(text) as Record<string, unknown>;
    const email = key.client_email;
    const pem = key.private_key;
    return typeof email === "string" && email !== "" && typeof pem === "string" && pem.includes("PRIVATE KEY") ? email : null;
  } catch {
    return null;
  }
}

/** Google Cloud's fields: the key file, the billing table and the projects. */
function validateGcp(draft: ConnectionDraft, out: Partial<Record<DraftField, DraftProblem>>): void {
  if (!draft.secret) out.secret = "required";
  else if (keyFileEmail(draft.secret) === null) out.secret = "keyFile";
  const table = draft.billingTable.trim();
  if (!table) out.billingTable = "required";
  else if (!GCP_TABLE.test(table)) out.billingTable = "billingTable";
  if (projectList(draft.projects).some((p) => !GCP_PROJECT.test(p))) out.projects = "projectId";
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const REGION = /^[a-z0-9-]+$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Field problems of a draft, before anything is sent; empty when it can be submitted. */
export function validateDraft(draft: ConnectionDraft, taken: readonly string[]): Partial<Record<DraftField, DraftProblem>> {
  const out: Partial<Record<DraftField, DraftProblem>> = {};
  const name = draft.name.trim();
  if (!name) out.name = "required";
  else if (!NAME.test(name)) out.name = "nameChars";
  else if (taken.includes(name)) out.name = "taken";
  if (draft.provider === "gcp") {
    validateGcp(draft, out);
    const endpoint = draft.endpoint.trim();
    if (endpoint && !isHttpUrl(endpoint)) out.endpoint = "endpointUrl";
    return out;
  }
  const keyId = draft.keyId.trim();
  if (!keyId) out.keyId = "required";
  else if (/\s/.test(keyId)) out.keyId = "spaces";
  if (!draft.secret) out.secret = "required";
  else if (/\s/.test(draft.secret)) out.secret = "spaces";
  const region = draft.region.trim();
  if (region && !REGION.test(region)) out.region = "regionChars";
  const endpoint = draft.endpoint.trim();
  if (endpoint && !isHttpUrl(endpoint)) out.endpoint = "endpointUrl";
  if (draft.provider === "azure") return { ...out, ...azureProblems(draft) };
  if (draft.source === "bucket" && !draft.bucket.trim()) out.bucket = "required";
  const roleArn = draft.roleArn.trim();
  if (roleArn && !/^arn:aws[a-z-]*:iam::\d{12}:role\/\S+$/.test(roleArn)) out.roleArn = "roleArn";
  return out;
}

const AZURE_ID = /^[A-Za-z0-9._-]{1,64}$/;
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;

/** An Azure scope as the core reads it: a bare subscription id reads as `subscriptions/ID`. */
export function azureScope(text: string): string | null {
  const s = text.trim().replace(/^\/+|\/+$/g, "");
  if (!s) return null;
  if (AZURE_ID.test(s)) return `subscriptions/${s}`;
  if (/^subscriptions\/[A-Za-z0-9._-]+$/i.test(s) || /^providers\/Microsoft\.Billing\/billingAccounts\/[A-Za-z0-9._:-]+$/i.test(s)) return s;
  return "";
}

function azureProblems(draft: ConnectionDraft): Partial<Record<DraftField, DraftProblem>> {
  const out: Partial<Record<DraftField, DraftProblem>> = {};
  const tenant = (draft.tenant ?? "").trim();
  if (!tenant) out.tenant = "required";
  else if (!AZURE_ID.test(tenant)) out.tenant = "spaces";
  if (azureScope(draft.scope ?? "") === "") out.scope = "scope";
  if (draft.source === "bucket") {
    const account = (draft.storageAccount ?? "").trim();
    if (!account) out.storageAccount = "required";
    else if (!STORAGE_ACCOUNT.test(account)) out.storageAccount = "storageAccount";
    if (!(draft.container ?? "").trim()) out.container = "required";
  }
  return out;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.host !== "";
  } catch {
    return false;
  }
}

export function toRequest(draft: ConnectionDraft): AddConnectionRequest {
  const optional = (text: string) => (text.trim() ? text.trim() : null);
  if (draft.provider === "gcp") {
    const projects = projectList(draft.projects);
    // The core takes the key id from the key file.
    return {
      name: draft.name.trim(),
      provider: "gcp",
      key_id: "",
      secret: draft.secret,
      region: null,
      site: "international",
      endpoint: optional(draft.endpoint),
      source: "api",
      bucket: null,
      prefix: null,
      role_arn: null,
      billing_table: draft.billingTable.trim(),
      projects: projects.length > 0 ? projects : null,
    };
  }
  if (draft.provider === "azure") {
    // The core keeps an Azure app as TENANT/CLIENT-ID, its scope where AWS keeps a role,
    // and the export's container as STORAGE-ACCOUNT/CONTAINER.
    const bucket = draft.source === "bucket";
    return {
      name: draft.name.trim(),
      provider: "azure",
      key_id: `${(draft.tenant ?? "").trim()}/${draft.keyId.trim()}`,
      secret: draft.secret,
      region: optional(draft.region),
      site: draft.site,
      endpoint: optional(draft.endpoint),
      source: draft.source,
      bucket: bucket ? `${(draft.storageAccount ?? "").trim()}/${(draft.container ?? "").trim()}` : null,
      prefix: bucket ? optional(draft.prefix) : null,
      role_arn: azureScope(draft.scope ?? "") || null,
      billing_table: null,
      projects: null,
    };
  }
  return {
    name: draft.name.trim(),
    provider: draft.provider,
    key_id: draft.keyId.trim(),
    secret: draft.secret,
    region: optional(draft.region),
    site: draft.site,
    endpoint: optional(draft.endpoint),
    source: draft.source,
    bucket: draft.source === "bucket" ? optional(draft.bucket) : null,
    prefix: draft.source === "bucket" ? optional(draft.prefix) : null,
    role_arn: optional(draft.roleArn),
    billing_table: null,
    projects: null,
  };
}

/** A month range problem: "" months mean the core's default. */
export function monthRangeProblem(from: string, to: string): "month" | "order" | null {
  if ((from && !MONTH.test(from)) || (to && !MONTH.test(to))) return "month";
  if (from && to && from > to) return "order";
  return null;
}

export type TestState = { kind: "testing" } | { kind: "done"; result: ConnectionTestView } | { kind: "error"; error: BackendError };

class ConnectionsState {
  list = $state.raw<ConnectionView[]>([]);
  loaded = $state(false);
  loading = $state(false);
  error = $state.raw<BackendError | null>(null);

  guides = $state.raw<Record<string, PolicyGuideView>>({});
  guideErrors = $state.raw<Record<string, BackendError>>({});

  tests = $state.raw<Record<string, TestState>>({});

  /** Connections a sync was asked for that have not finished yet. */
  syncing = $state.raw<string[]>([]);
  progress = $state.raw<Record<string, SyncProgressView>>({});
  /** The last finished (or failed) run per connection, from the events. */
  lastRun = $state.raw<Record<string, SyncRunView>>({});
  syncError = $state.raw<BackendError | null>(null);
  cancelling = $state(false);

  history = $state.raw<Record<string, SyncRunView[]>>({});
  historyErrors = $state.raw<Record<string, BackendError>>({});

  schedule = $state.raw<ScheduleView | null>(null);
  scheduleError = $state.raw<BackendError | null>(null);

  #stop: (() => void) | null = null;
  #started = false;

  get running(): boolean {
    return this.syncing.length > 0;
  }

  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    try {
      this.#stop = await backend.on.syncUpdate((e) => this.#onUpdate(e));
    } catch (error) {
      this.syncError = BackendError.from(error);
    }
    await Promise.all([this.refresh(), this.loadSchedule()]);
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
    this.#started = false;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      this.list = await backend.sync.connections();
      this.error = null;
    } catch (error) {
      this.error = BackendError.from(error);
    } finally {
      this.loading = false;
      this.loaded = true;
    }
  }

  async loadGuide(provider: string): Promise<void> {
    if (this.guides[provider]) return;
    try {
      const guide = await backend.sync.policyGuide(provider);
      this.guides = { ...this.guides, [provider]: guide };
      const { [provider]: _, ...rest } = this.guideErrors;
      this.guideErrors = rest;
    } catch (error) {
      this.guideErrors = { ...this.guideErrors, [provider]: BackendError.from(error) };
    }
  }

  /** Adds the connection (the secret goes to the keychain) and lists it. */
  async add(request: AddConnectionRequest): Promise<ConnectionView> {
    const added = await backend.sync.addConnection(request);
    this.list = [...this.list.filter((c) => c.name !== added.name), added];
    void this.refresh();
    return added;
  }

  async test(name: string): Promise<TestState> {
    this.tests = { ...this.tests, [name]: { kind: "testing" } };
    let outcome: TestState;
    try {
      outcome = { kind: "done", result: await backend.sync.testConnection(name) };
    } catch (error) {
      outcome = { kind: "error", error: BackendError.from(error) };
    }
    this.tests = { ...this.tests, [name]: outcome };
    // A test updates the connection's status (credentials rejected, ...).
    await this.refresh();
    return outcome;
  }

  async remove(name: string): Promise<void> {
    await backend.sync.removeConnection(name);
    const { [name]: _t, ...tests } = this.tests;
    this.tests = tests;
    const { [name]: _r, ...lastRun } = this.lastRun;
    this.lastRun = lastRun;
    const { [name]: _h, ...history } = this.history;
    this.history = history;
    await this.refresh();
  }

  /** One connection, or every connection when `name` is null; months "" = default. */
  async sync(name: string | null, from = "", to = ""): Promise<void> {
    const names = name === null ? this.list.map((c) => c.name) : [name];
    if (names.length === 0) return;
    this.syncError = null;
    this.cancelling = false;
    this.syncing = [...new Set([...this.syncing, ...names])];
    try {
      await backend.sync.syncNow({ connection: name, from: from || null, to: to || null });
    } catch (error) {
      this.syncing = this.syncing.filter((n) => !names.includes(n));
      this.syncError = BackendError.from(error);
    }
  }

  async cancel(): Promise<void> {
    this.cancelling = true;
    try {
      await backend.sync.cancelSync();
    } catch (error) {
      this.cancelling = false;
      this.syncError = BackendError.from(error);
    }
  }

  #onUpdate(e: SyncEvent): void {
    if (e.kind === "progress") {
      const { kind: _, ...progress } = e;
      this.progress = { ...this.progress, [e.connection]: progress };
      if (!this.syncing.includes(e.connection)) this.syncing = [...this.syncing, e.connection];
      return;
    }
    const { kind: _, ...run } = e;
    const { [e.connection]: _p, ...progress } = this.progress;
    this.progress = progress;
    this.lastRun = { ...this.lastRun, [e.connection]: run };
    // A failure that names no connection we know ends the whole sync.
    const known = this.syncing.includes(e.connection);
    this.syncing = known ? this.syncing.filter((n) => n !== e.connection) : [];
    if (this.syncing.length === 0) this.cancelling = false;
    void this.refresh();
    if (this.history[e.connection]) void this.loadHistory(e.connection);
  }

  async loadHistory(name: string): Promise<void> {
    try {
      const runs = await backend.sync.syncHistory(name);
      this.history = { ...this.history, [name]: runs };
      const { [name]: _, ...rest } = this.historyErrors;
      this.historyErrors = rest;
    } catch (error) {
      this.historyErrors = { ...this.historyErrors, [name]: BackendError.from(error) };
    }
  }

  async loadSchedule(): Promise<void> {
    try {
      this.schedule = await backend.sync.schedule();
      this.scheduleError = null;
    } catch (error) {
      this.scheduleError = BackendError.from(error);
    }
  }

  async setSchedule(everyHours: number | null): Promise<void> {
    const next: ScheduleView = { every_hours: everyHours };
    try {
      await backend.sync.setSchedule(next);
      this.schedule = next;
      this.scheduleError = null;
    } catch (error) {
      this.scheduleError = BackendError.from(error);
    }
  }

  /** Tests start from a clean slate. */
  reset(): void {
    this.stop();
    this.list = [];
    this.loaded = false;
    this.loading = false;
    this.error = null;
    this.guides = {};
    this.guideErrors = {};
    this.tests = {};
    this.syncing = [];
    this.progress = {};
    this.lastRun = {};
    this.syncError = null;
    this.cancelling = false;
    this.history = {};
    this.historyErrors = {};
    this.schedule = null;
    this.scheduleError = null;
  }
}

export const connections = new ConnectionsState();
