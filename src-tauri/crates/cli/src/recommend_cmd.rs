//! `cloudlens recommendations`: compute the savings recommendations from the
//! store and print them as JSON or CSV, or change one's status; and the
//! hidden `recommend-bench` behind `.ci/bench-recommend`.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use clap::{Args, Subcommand};
use cloudlens_api::{
    ApiError, CloudLens, DemoOptions, ErrorCode, KeySource, Locale, RecommendationKind,
    RecommendationQuery, RecommendationStatus, RecommendationView,
};
use serde::Serialize;

use crate::commands::{now, progress_bar, yesterday};

#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RecommendationsArgs {
    #[command(subcommand)]
    pub action: Option<RecommendationAction>,
    /// Only these kinds (repeat).
    #[arg(long = "kind", value_parser = ["idle", "rightsize", "commitment", "discount", "renewal"])]
    pub kinds: Vec<String>,
    /// Only these providers, by name or key (repeat): aws, "Alibaba Cloud"...
    #[arg(long = "provider")]
    pub providers: Vec<String>,
    /// Only this status (default: all but closed).
    #[arg(long, value_parser = ["open", "accepted", "dismissed", "done", "closed"])]
    pub status: Option<String>,
    /// json or csv.
    #[arg(long, default_value = "json", value_parser = ["json", "csv"])]
    pub format: String,
    /// Language of the action texts: en or zh-CN.
    #[arg(long, default_value = "en", value_parser = ["en", "zh-CN"])]
    pub lang: String,
}

#[derive(Subcommand)]
pub enum RecommendationAction {
    /// Change a recommendation's status (dismissing needs --note with the reason).
    Set {
        id: String,
        #[arg(value_parser = ["open", "accepted", "dismissed", "done"])]
        status: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// List against contracted against effective cost per provider, billing
    /// account, service and month: the negotiated and effective discount
    /// rates, where no negotiated discount applies and where it changed.
    Discounts {
        /// How many months, the latest (partial) one included.
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// json or csv.
        #[arg(long, default_value = "json", value_parser = ["json", "csv"])]
        format: String,
    },
    /// The projects that have ended: a resource tagged with one and still
    /// billed after its end is listed as a saving. Prints the list; with
    /// --add or --remove, changes it first.
    EndedProjects {
        /// Add the project tagged KEY=VALUE (or move its end), ended on --on.
        #[arg(long, value_name = "KEY=VALUE", requires = "on")]
        add: Option<String>,
        /// The day the added project ended, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD", requires = "add")]
        on: Option<String>,
        /// Remove the project tagged KEY=VALUE.
        #[arg(long, value_name = "KEY=VALUE")]
        remove: Option<String>,
    },
}

fn named<T: serde::de::DeserializeOwned>(v: &str) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(v.to_string()))
        .map_err(|_| ApiError::new(ErrorCode::InvalidInput, format!("unexpected value {v:?}")))
}

/// One recommendation exactly as the JSON output names its fields.
#[derive(Serialize)]
struct Printed<'a> {
    id: &'a str,
    kind: RecommendationKind,
    provider: &'a str,
    billing_account: &'a str,
    region: Option<&'a str>,
    resource: Option<&'a str>,
    action: String,
    monthly_saving: &'a str,
    currency: &'a str,
    confidence: f64,
    status: RecommendationStatus,
    evidence: &'a cloudlens_api::EvidenceView,
}

fn printed(v: &RecommendationView) -> Printed<'_> {
    Printed {
        id: &v.id,
        kind: v.kind,
        provider: &v.provider,
        billing_account: &v.billing_account,
        region: v.region.as_deref(),
        resource: v.resource.as_deref(),
        action: format!("{} ({})", v.action, v.console),
        monthly_saving: &v.monthly_saving,
        currency: &v.currency,
        confidence: v.confidence,
        status: v.status,
        evidence: &v.evidence,
    }
}

/// Computes the recommendations again from what the store holds now: on
/// listing them, and after every import and sync.
pub fn refresh(cl: &CloudLens) -> Result<(), ApiError> {
    let today = yesterday().succ_opt().unwrap_or_else(yesterday);
    let summary = cl.refresh_recommendations(today, now())?;
    errln!(
        "recommendations: {} found: {} new, {} changed, {} reopened, {} closed",
        summary.found,
        summary.created,
        summary.changed,
        summary.reopened,
        summary.closed
    );
    Ok(())
}

pub fn run(db: &Path, key: &KeySource, args: RecommendationsArgs) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    if let Some(RecommendationAction::Set { id, status, note }) = args.action {
        cl.set_recommendation_status(&id, named(&status)?, note.as_deref(), "cli", now())?;
        errln!("{id} is now {status}");
        return Ok(());
    }
    if let Some(RecommendationAction::Discounts { months, format }) = args.action {
        return crate::discount_cmd::print(&cl, months, &format);
    }
    if let Some(RecommendationAction::EndedProjects { add, on, remove }) = args.action {
        return crate::ended_cmd::run(&cl, add.as_deref(), on.as_deref(), remove.as_deref());
    }
    refresh(&cl)?;
    let query = RecommendationQuery {
        kinds: args
            .kinds
            .iter()
            .map(|k| named(k))
            .collect::<Result<_, _>>()?,
        providers: args.providers,
        status: args.status.as_deref().map(named).transpose()?,
        search: None,
        display_currency: None,
    };
    let locale: Locale = named(&args.lang)?;
    if args.format == "csv" {
        cl.write_recommendations_csv(&query, locale, crate::out::stdout())?;
        return Ok(());
    }
    let list = cl.recommendations(&query, locale)?;
    let out = serde_json::json!({
        "recommendations": list.items.iter().map(printed).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&out)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    outln!("{text}");
    Ok(())
}

/// This process's CPU time in seconds (user + system), where Linux reports
/// it: on a loaded machine wall time says more about the neighbours.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at the state, field 3.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // /proc counts in USER_HZ, which Linux fixes at 100.
    Some(ticks / 100.0)
}

/// Loads the demo into a new store if it is empty, then times recommendation runs.
pub fn bench(db: &Path, key: &KeySource, lines: u64, runs: usize) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    let end = yesterday();
    if cl.line_count()? == 0 {
        let bar = progress_bar(lines);
        let opts = DemoOptions {
            lines,
            seed: 42,
            end,
        };
        let t = Instant::now();
        cl.load_demo(&opts, now, &AtomicBool::new(false), &mut |p| {
            bar.set_position(p.done)
        })?;
        bar.finish_and_clear();
        errln!("loaded the demo in {:.1} s", t.elapsed().as_secs_f64());
    }
    let today = end.succ_opt().unwrap_or(end);
    let mut runs_ms = Vec::new();
    for i in 0..runs.max(1) {
        let cpu = cpu_seconds();
        let b = cl.bench_recommendations(today, now())?;
        let cpu = cpu.zip(cpu_seconds()).map(|(a, b)| b - a);
        let total = b.read_ms + b.compute_ms + b.keep_ms;
        outln!(
            "run {}: {} lines in the window, {} resources, {} recommendations: read {:.0} ms, compute {:.0} ms, keep {:.0} ms, total {:.0} ms (CPU {})",
            i + 1,
            b.lines,
            b.resources,
            b.recommendations,
            b.read_ms,
            b.compute_ms,
            b.keep_ms,
            total,
            cpu.map_or("unknown".to_string(), |c| format!("{:.0} ms", c * 1000.0))
        );
        runs_ms.push((total, b));
    }
    runs_ms.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (total, b) = &runs_ms[runs_ms.len() / 2];
    outln!(
        "all recommendations on {} store lines: median {:.2} s (reference: reading the window's lines and inventory alone, {:.2} s; the engine itself {:.2} s)",
        cl.line_count()?,
        total / 1000.0,
        b.read_ms / 1000.0,
        b.compute_ms / 1000.0
    );
    Ok(())
}
