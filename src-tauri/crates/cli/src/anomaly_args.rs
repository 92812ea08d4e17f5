//! The anomaly commands' arguments: `anomalies` (list, `detect`,
//! `feedback`), `monitor add|list|remove`, and the hidden `anomaly-bench`.

use clap::Subcommand;

#[derive(Subcommand)]
pub enum AnomalyCommand {
    /// Detected cost anomalies (newest first); `detect` and `feedback` act on them.
    Anomalies {
        #[command(subcommand)]
        action: Option<AnomaliesAction>,
        /// Only this monitor's anomalies (repeat for several).
        #[arg(long = "monitor", value_name = "NAME")]
        monitors: Vec<String>,
        /// Anomalies with a day on or after this one (YYYY-MM-DD).
        #[arg(long)]
        from: Option<String>,
        /// Anomalies with a day on or before this one (YYYY-MM-DD).
        #[arg(long)]
        to: Option<String>,
        /// open, acknowledged, expected, not-anomaly or resolved (repeat for several).
        #[arg(long = "status")]
        statuses: Vec<String>,
        /// json or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Anomaly monitors: a scope (explorer group-by and filters) and its thresholds.
    Monitor {
        #[command(subcommand)]
        action: MonitorAction,
    },
    /// Labelled anomaly benchmark: ours and a rolling mean + 2σ detector on
    /// synthetic data with planted anomalies (used by .ci/bench-anomaly).
    #[command(hide = true)]
    AnomalyBench {
        /// Seeds the detector was tuned on (their figures are shown for reference).
        #[arg(long, value_delimiter = ',', default_value = "1,2,3,4,5")]
        tune_seeds: Vec<u64>,
        /// Held-out seeds the figures are reported on.
        #[arg(
            long,
            value_delimiter = ',',
            default_value = "101,102,103,104,105,106,107,108,109,110"
        )]
        seeds: Vec<u64>,
    },
}

#[derive(Subcommand)]
pub enum AnomaliesAction {
    /// Judge the days that are due (not yet judged, or changed by an import
    /// or sync since), or every day of a range.
    Detect {
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
    },
    /// Tell the detector what an anomaly was; expected and not-anomaly teach it.
    Feedback {
        id: String,
        /// expected, not-anomaly, ack or resolved.
        #[arg(value_parser = ["expected", "not-anomaly", "ack", "resolved"])]
        verdict: String,
        #[arg(long)]
        note: Option<String>,
    },
}

// Parsed once per run: the size of a variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub enum MonitorAction {
    /// Add a monitor.
    Add {
        name: String,
        /// Zero, one or two dimensions (as for explore); each group is watched on its own.
        #[arg(long, value_delimiter = ',')]
        group_by: Vec<String>,
        /// Keep lines whose DIM is VALUE (repeat; as for explore).
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filters: Vec<String>,
        /// Drop lines whose DIM is VALUE (repeat).
        #[arg(long = "exclude", value_name = "DIM=VALUE")]
        excludes: Vec<String>,
        /// billed, effective, list or contracted.
        #[arg(long, default_value = "effective")]
        metric: String,
        /// Report an anomaly once it costs at least this much a day more (or less) than expected.
        #[arg(long, default_value = "100")]
        min_impact: String,
        /// Currency of --min-impact (converted into each series' currency).
        #[arg(long, default_value = "USD")]
        currency: String,
        /// …and at least this many percent of the expected spend.
        #[arg(long, default_value_t = 20.0)]
        min_percent: f64,
        /// Report falls too.
        #[arg(long)]
        falls: bool,
        /// Do not report spend that starts where there was none.
        #[arg(long)]
        no_new_spend: bool,
        /// Alert channel the monitor's anomalies go to (repeat for several).
        #[arg(long = "alert-channel", value_name = "NAME")]
        alert_channels: Vec<String>,
        /// Smallest severity that alerts: low, medium or high.
        #[arg(long, default_value = "high")]
        alert_min_severity: String,
        /// Smallest impact (in the anomaly's currency) that alerts.
        #[arg(long)]
        alert_min_impact: Option<String>,
    },
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a monitor and its anomalies.
    Remove { name: String },
}
