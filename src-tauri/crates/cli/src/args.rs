use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// The version this build reports: the release script stamps the version it
/// releases (`CLOUDLENS_VERSION`, as it gives the app its configuration);
/// the crate's own otherwise.
pub const VERSION: &str = match option_env!("CLOUDLENS_VERSION") {
    Some(v) => v,
    None => env!("CARGO_PKG_VERSION"),
};

#[derive(Parser)]
#[command(
    name = "cloudlens",
    version = VERSION,
    about = "CloudLens: local, encrypted multi-cloud cost analysis"
)]
pub struct Cli {
    /// The encrypted store (created when missing).
    #[arg(long, env = "CLOUDLENS_DB", global = true)]
    pub db: Option<PathBuf>,
    /// Read the store passphrase from this file (passphrase mode, no keychain).
    #[arg(long, global = true)]
    pub passphrase_file: Option<PathBuf>,
    /// Audit mode: open the store (or an audit pack) read-only; every change is refused.
    #[arg(long, global = true)]
    pub audit: bool,
    #[command(subcommand)]
    pub command: Command,
}

// Parsed once per process: the size of the connection variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum Command {
    /// Load the generated demo dataset into the store.
    Demo {
        /// About how many cost lines to generate.
        #[arg(long, default_value_t = 1_000_000)]
        lines: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Last day of data (YYYY-MM-DD); defaults to yesterday.
        #[arg(long)]
        end: Option<chrono::NaiveDate>,
    },
    /// Totals by provider, billing currency and month.
    Summary {
        #[arg(long)]
        json: bool,
        /// Count days and months in this time zone (IANA name such as Asia/Shanghai or UTC) instead
        /// of the store's setting.
        #[arg(long, value_name = "ZONE")]
        time_zone: Option<String>,
    },
    /// Import bill files or folders of parts (one import each).
    Import {
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        paths: Vec<PathBuf>,
        /// Format id overriding detection: focus, aws-cur, aws-cur2, azure-ea, azure-mca, gcp, alibaba,
        /// tencent, huawei.
        #[arg(long)]
        format: Option<String>,
        /// Import the good rows of a file with bad ones and list the rest (default: refuse the file).
        #[arg(long)]
        lenient: bool,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Export cost lines as FOCUS 1.2 (CSV or Parquet, by the file name).
    Export {
        /// Output file ending in .csv or .parquet.
        #[arg(long, value_name = "OUT")]
        focus: PathBuf,
        /// First charge day included (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// First charge day excluded (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        #[arg(long = "provider")]
        providers: Vec<String>,
        #[arg(long = "billing-account")]
        billing_accounts: Vec<String>,
        #[arg(long = "sub-account")]
        sub_accounts: Vec<String>,
        #[arg(long = "service")]
        services: Vec<String>,
        #[arg(long = "currency")]
        currencies: Vec<String>,
        /// Only the lines of this import.
        #[arg(long = "import")]
        run_id: Option<i64>,
    },
    /// The import history.
    Imports {
        #[arg(long)]
        json: bool,
    },
    /// Write generated demo cost lines as a FOCUS 1.2 CSV, without a store
    /// (input for the import benchmark).
    GenFocus {
        #[arg(long, default_value_t = 5_000_000)]
        rows: u64,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Explorer query: amounts per period and group, as JSON or CSV.
    Explore(crate::explore_cmd::ExploreArgs),
    /// Daily forecasts of a scope with 80%/95% intervals, month- and quarter-end projections and backtests.
    Forecast(crate::forecast_cmd::ForecastArgs),
    /// Forecast benchmark plumbing (used by .ci/bench-forecast).
    #[command(hide = true)]
    ForecastBench {
        #[command(subcommand)]
        action: crate::forecast_bench::BenchAction,
    },
    /// Time the explorer benchmark's fixed queries (used by .ci/bench-explore).
    #[command(hide = true)]
    ExploreBench {
        #[arg(long, default_value_t = 50)]
        runs: usize,
        #[arg(long, default_value = "team")]
        tag: String,
        /// Also write the lines flat as CSV here (for DuckDB).
        #[arg(long)]
        flat: Option<PathBuf>,
    },
    /// Provider connections (keys go to the keychain, or the sealed store in passphrase mode).
    Connection {
        #[command(subcommand)]
        action: ConnectionAction,
    },
    /// Sync bills and inventory from one connection, or from all.
    Sync {
        name: Option<String>,
        /// First billing month (YYYY-MM); default three months back.
        #[arg(long)]
        from: Option<String>,
        /// Last billing month included (YYYY-MM); default this month.
        #[arg(long)]
        to: Option<String>,
    },
    /// Reports: build, save, list, remove; the invoice reconciliation.
    Report {
        #[command(subcommand)]
        action: crate::report_cmd::ReportAction,
    },
    /// Invoice amounts for reconciliation: set, list, import, remove.
    Invoice {
        #[command(subcommand)]
        action: crate::invoice_cmd::InvoiceAction,
    },
    /// The audit log, audit packs and the install's public key.
    Audit {
        #[command(subcommand)]
        action: crate::audit_args::AuditCommand,
    },
    /// Write an encrypted backup of the store (one consistent copy).
    Backup {
        /// The backup file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Encrypt with a passphrase of its own, read from this file, instead
        /// of the store's key (for a backup that leaves this machine).
        #[arg(long, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
    },
    /// Replace the store with a backup (the store keeps its own key).
    Restore {
        /// The backup file.
        file: PathBuf,
        /// The backup's own passphrase, when it has one (or
        /// CLOUDLENS_BACKUP_PASSPHRASE).
        #[arg(long, value_name = "FILE")]
        backup_passphrase_file: Option<PathBuf>,
    },
    /// Check the store: SQLCipher's page checks, SQLite's integrity check
    /// and the store's own invariants. Exits non-zero when one fails.
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Verify a signed update package (from removable media) and install it
    /// where this user may; otherwise print the command to run.
    Update {
        /// The package (.deb or .rpm).
        #[arg(long, value_name = "PKG")]
        file: PathBuf,
        /// Its signature (.sig) made by the CloudLens release.
        #[arg(long, value_name = "SIG")]
        sig: PathBuf,
        /// Only verify; install nothing.
        #[arg(long)]
        verify_only: bool,
    },
    #[command(flatten)]
    Anomaly(crate::anomaly_args::AnomalyCommand),
    /// Tag coverage per provider, account or service; tag key merges.
    Tags {
        #[command(subcommand)]
        action: crate::tags_cmd::TagsAction,
    },
    /// Budgets on any explorer scope, against actual and forecast spend.
    Budget {
        #[command(subcommand)]
        action: crate::budget_cmd::BudgetAction,
    },
    /// Alert channels (webhook URLs and secrets go to the keychain, or the sealed store in passphrase mode).
    Channel {
        #[command(subcommand)]
        action: crate::alerts_cmd::ChannelAction,
    },
    /// Evaluate alerts and deliver them; alert history.
    Alerts {
        #[command(subcommand)]
        action: crate::alerts_cmd::AlertsAction,
    },
    /// Which source holds each billing period (files, a bill API sync, a bucket export), and
    /// the route a provider prefers.
    Sources {
        #[command(subcommand)]
        action: crate::sources_cmd::SourcesAction,
    },
    /// Savings recommendations: list them (JSON or CSV) or set one's status.
    Recommendations(crate::recommend_cmd::RecommendationsArgs),
    /// Time all recommendations on a demo store (used by .ci/bench-recommend).
    #[command(hide = true)]
    RecommendBench {
        #[arg(long, default_value_t = 1_000_000)]
        lines: u64,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Measure demo load rate, store size and Overview query latency.
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        lines: u64,
        /// How many times each Overview is computed.
        #[arg(long, default_value_t = 50)]
        runs: usize,
    },
}

// Parsed once per process: the size of the add variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum ConnectionAction {
    /// Add a connection. The secret comes from --secret-env VAR or standard
    /// input (Google Cloud: the service account's key file, --key-file),
    /// never from the command line.
    Add {
        name: String,
        #[arg(long, value_parser = ["alibaba", "tencent", "huawei", "aws", "azure", "gcp"])]
        provider: String,
        /// The access key id (Azure: --tenant and --client-id instead; Google
        /// Cloud: taken from the key file).
        #[arg(long, required_unless_present_any = ["client_id", "key_file"])]
        key_id: Option<String>,
        /// The environment variable holding the access key secret.
        #[arg(long, value_name = "VAR")]
        secret_env: Option<String>,
        /// Replaces the provider's hosts (private endpoint, proxy, test server).
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        #[arg(long)]
        region: Option<String>,
        /// AWS: `international` (the global partition, the default) or `china`.
        #[arg(long, value_parser = ["china", "international"])]
        site: Option<String>,
        /// Where bills come from: the bill API, or the bill export in a bucket.
        #[arg(long, value_parser = ["api", "bucket"])]
        source: Option<String>,
        /// The bucket the bill export is delivered to (with --source bucket).
        #[arg(long)]
        bucket: Option<String>,
        /// The export's key prefix in the bucket.
        #[arg(long)]
        prefix: Option<String>,
        /// AWS: a role to assume with the key.
        #[arg(long, value_name = "ARN")]
        role_arn: Option<String>,
        /// Google Cloud: the service account's JSON key file (stored in the
        /// keychain whole; the file itself is left as it is).
        #[arg(long, value_name = "PATH", conflicts_with = "secret_env")]
        key_file: Option<std::path::PathBuf>,
        /// Google Cloud: the billing export table, PROJECT.DATASET.TABLE.
        #[arg(long, value_name = "TABLE", requires = "key_file")]
        billing_table: Option<String>,
        /// Google Cloud: the projects to read (comma separated); the key's
        /// own project's inventory and every project's bills when omitted.
        #[arg(long, value_delimiter = ',', requires = "key_file")]
        projects: Option<Vec<String>>,
        #[command(flatten)]
        azure: AzureArgs,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Call the provider once with the stored key.
    Test { name: String },
    /// Remove the connection and its secret (synced lines stay).
    Remove { name: String },
}

/// An Azure connection's fields; the client secret comes as any secret does.
#[derive(clap::Args, Debug, Default)]
pub struct AzureArgs {
    /// Azure: the directory (tenant) id of the app registration.
    #[arg(long, requires = "client_id")]
    pub tenant: Option<String>,
    /// Azure: the application (client) id of the app registration.
    #[arg(long, requires = "tenant", conflicts_with = "key_id")]
    pub client_id: Option<String>,
    /// Azure: the subscription to read (the scope `subscriptions/ID`).
    #[arg(long, conflicts_with = "scope")]
    pub subscription: Option<String>,
    /// Azure: the scope to read (`subscriptions/ID` or
    /// `providers/Microsoft.Billing/billingAccounts/ID`).
    #[arg(long)]
    pub scope: Option<String>,
    /// Azure: the storage account the cost export is delivered to (with --source bucket).
    #[arg(long, requires = "container")]
    pub storage_account: Option<String>,
    /// Azure: the export's container in the storage account.
    #[arg(long, requires = "storage_account", conflicts_with = "bucket")]
    pub container: Option<String>,
}
