//! `cloudlens budget add|list|show|remove`: budgets on any explorer scope,
//! with their current period's figures (actual, forecast and its 80%
//! interval, status, the day each threshold was crossed).

use std::path::Path;

use chrono::NaiveDate;
use clap::Subcommand;
use cloudlens_api::{
    ApiError, BudgetDetail, BudgetPeriod, BudgetSpec, BudgetStatus, BudgetThreshold, BudgetView,
    CostMetric, ErrorCode, KeySource, Locale, ThresholdKind,
};
use serde_json::{json, Value};

use crate::commands::now;
use crate::explore_cmd::{filters, named};

#[derive(Subcommand)]
pub enum BudgetAction {
    /// Add a budget on the explorer scope the filters select.
    Add {
        name: String,
        /// Exact decimal amount per period.
        #[arg(long)]
        amount: String,
        /// ISO 4217 currency; spend is converted with the dated rates.
        #[arg(long)]
        currency: String,
        #[arg(long, value_parser = ["month", "quarter", "year"])]
        period: String,
        /// First month (1-12) of the fiscal year, for quarters and years.
        #[arg(long, default_value_t = 1)]
        fiscal_start: u32,
        /// DIM=VALUE (repeatable): any dimension, tag:KEY or vtag:NAME.
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filters: Vec<String>,
        /// DIM=VALUE (repeatable) left out of the budget.
        #[arg(long = "exclude", value_name = "DIM=VALUE")]
        excludes: Vec<String>,
        #[arg(long, default_value = "billed", value_parser = ["billed", "effective"])]
        metric: String,
        /// actual:PCT or forecast:PCT (repeatable); default actual:80,
        /// actual:100 and forecast:100.
        #[arg(long = "threshold", value_name = "KIND:PCT")]
        thresholds: Vec<String>,
        /// An alert channel told when a threshold is crossed (repeatable).
        #[arg(long = "notify", value_name = "CHANNEL")]
        channels: Vec<String>,
    },
    /// Every budget with its current period's figures.
    List {
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        /// Figures count lines charged before this day; default today (UTC).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// One budget: figures, thresholds and past periods.
    Show {
        name: String,
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// Remove a budget (alerts it raised stay in the history).
    Remove { name: String },
    /// One budget per value of a dimension, from an existing budget: each
    /// copy keeps its scope narrowed to one value that had spend in the
    /// last complete period, named "TEMPLATE · VALUE".
    Copy(crate::budget_copy_cmd::CopyArgs),
}

fn invalid(msg: String) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

fn threshold(text: &str) -> Result<BudgetThreshold, ApiError> {
    let expected = || {
        invalid(format!(
            "--threshold {text:?}: expected actual:PCT or forecast:PCT"
        ))
    };
    let (kind, pct) = text.split_once(':').ok_or_else(expected)?;
    let kind = match kind {
        "actual" => ThresholdKind::Actual,
        "forecast" => ThresholdKind::Forecast,
        _ => return Err(expected()),
    };
    let percent = pct
        .trim_end_matches('%')
        .parse::<f64>()
        .map_err(|_| expected())?;
    Ok(BudgetThreshold { kind, percent })
}

fn status(s: BudgetStatus) -> &'static str {
    match s {
        BudgetStatus::OnTrack => "on_track",
        BudgetStatus::AtRisk => "at_risk",
        BudgetStatus::Over => "over",
    }
}

fn kind(k: ThresholdKind) -> &'static str {
    match k {
        ThresholdKind::Actual => "actual",
        ThresholdKind::Forecast => "forecast",
    }
}

/// The documented JSON shape of one budget.
fn budget_json(b: &BudgetView) -> Value {
    json!({
        "name": b.spec.name,
        "period": b.period,
        "amount": b.spec.amount,
        "currency": b.spec.currency,
        "actual": b.actual,
        "forecast": b.forecast,
        "forecast_lo80": b.forecast_lo80,
        "forecast_hi80": b.forecast_hi80,
        "percent_used": b.percent_used,
        "status": status(b.status),
        "thresholds": b.thresholds.iter().map(|t| json!({
            "kind": kind(t.kind),
            "percent": t.percent,
            "crossed_on": t.crossed_on,
        })).collect::<Vec<_>>(),
    })
}

fn print_json(v: &Value) -> Result<(), ApiError> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    outln!("{text}");
    Ok(())
}

fn print_line(b: &BudgetView) {
    let forecast = match (&b.forecast, &b.forecast_lo80, &b.forecast_hi80) {
        (Some(f), Some(lo), Some(hi)) => format!("forecast {f} [{lo} – {hi}]"),
        _ => "no forecast".into(),
    };
    outln!(
        "{:<28} {:<8} {:>12} {} actual {:>12} ({:>5.1}%)  {}  {}",
        b.spec.name,
        b.period,
        b.spec.amount,
        b.spec.currency,
        b.actual,
        b.percent_used,
        forecast,
        status(b.status)
    );
}

fn print_detail(d: &BudgetDetail) {
    let b = &d.budget;
    print_line(b);
    outln!(
        "  period {} – {}, as of {}",
        b.period_start,
        b.period_end,
        b.as_of
    );
    for t in &b.thresholds {
        outln!(
            "  {:<8} {:>6.1}%  {}",
            kind(t.kind),
            t.percent,
            t.crossed_on
                .as_deref()
                .map_or("not crossed".into(), |d| format!("crossed {d}"))
        );
    }
    for m in &b.missing_rates {
        outln!(
            "  missing rate {} → {} on {}: {} {} left out",
            m.from,
            m.to,
            m.date,
            m.amount,
            m.from
        );
    }
    for n in &b.notes {
        outln!("  note: {n}");
    }
    for h in &d.history {
        outln!(
            "  {:<8} amount {:>12} actual {:>12} ({:>5.1}%) {}",
            h.period,
            h.amount,
            h.actual,
            h.percent_used,
            if h.over { "over" } else { "under" }
        );
    }
}

fn today(as_of: Option<NaiveDate>) -> NaiveDate {
    as_of.unwrap_or_else(|| chrono::Utc::now().date_naive())
}

pub fn run(db: &Path, key: &KeySource, action: BudgetAction) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    match action {
        BudgetAction::Add {
            name,
            amount,
            currency,
            period,
            fiscal_start,
            filters: include,
            excludes,
            metric,
            thresholds,
            channels,
        } => {
            let mut scope = filters(&include, false, "--filter")?;
            scope.extend(filters(&excludes, true, "--exclude")?);
            let thresholds = if thresholds.is_empty() {
                cloudlens_api::default_thresholds()
            } else {
                thresholds
                    .iter()
                    .map(|t| threshold(t))
                    .collect::<Result<_, _>>()?
            };
            let spec = BudgetSpec {
                name,
                filters: scope,
                metric: named::<CostMetric>("--metric", &metric, "billed or effective")?,
                period: named::<BudgetPeriod>("--period", &period, "month, quarter or year")?,
                fiscal_start,
                amount,
                currency,
                thresholds,
                channels,
                apply_shared_costs: false,
            };
            cl.add_budget(&spec, now())?;
            errln!("added budget {}", spec.name);
            Ok(())
        }
        BudgetAction::List { format, as_of } => {
            let list = cl.budgets(today(as_of), Locale::En)?;
            if format == "json" {
                print_json(&json!({ "budgets": list.iter().map(budget_json).collect::<Vec<_>>() }))
            } else {
                list.iter().for_each(print_line);
                Ok(())
            }
        }
        BudgetAction::Show {
            name,
            format,
            as_of,
        } => {
            let d = cl.budget(&name, today(as_of), Locale::En)?;
            if format == "json" {
                let mut v = budget_json(&d.budget);
                v["history"] = json!(d
                    .history
                    .iter()
                    .map(|h| json!({"period": h.period, "amount": h.amount,
                        "actual": h.actual, "percent_used": h.percent_used, "over": h.over}))
                    .collect::<Vec<_>>());
                print_json(&v)
            } else {
                print_detail(&d);
                Ok(())
            }
        }
        BudgetAction::Remove { name } => {
            cl.remove_budget(&name)?;
            errln!("removed budget {name}");
            Ok(())
        }
        BudgetAction::Copy(args) => {
            let as_of = today(args.as_of);
            crate::budget_copy_cmd::run(&cl, args, as_of)
        }
    }
}
