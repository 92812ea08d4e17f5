//! `cloudlens report`: build a report from a saved definition or a JSON
//! spec into PDF, HTML, XLSX or a zip of CSV files; save, list and remove
//! definitions; print the invoice reconciliation.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Subcommand;
use cloudlens_api::{
    report_fonts, ApiError, CloudLens, ErrorCode, KeySource, ReportContext, ReportDefinition,
    ReportFormat, Span,
};

/// Debian's `fonts-noto-cjk`: used, when present, for the rare character
/// the font built into CloudLens lacks.
const SYSTEM_CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

#[derive(Subcommand)]
pub enum ReportAction {
    /// Build a report (a saved one by NAME, or --spec FILE.json) into a file.
    Run {
        name: Option<String>,
        #[arg(long, value_name = "FILE.json")]
        spec: Option<PathBuf>,
        /// pdf, html, xlsx or csv (a zip of CSV files).
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// The day relative periods count from (YYYY-MM-DD); default today.
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// The saved report definitions.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Save (or replace) a definition under NAME.
    Save {
        name: String,
        #[arg(long, value_name = "FILE.json")]
        spec: PathBuf,
    },
    Remove {
        name: String,
    },
    /// The invoice reconciliation of some billing months.
    Reconcile {
        /// First billing month (YYYY-MM).
        #[arg(long)]
        from: String,
        /// Last billing month included (YYYY-MM).
        #[arg(long)]
        to: String,
        #[arg(long)]
        json: bool,
    },
}

fn definition(
    cl: &CloudLens,
    name: Option<&str>,
    spec: Option<&Path>,
) -> Result<ReportDefinition, ApiError> {
    match (name, spec) {
        (Some(n), None) => cl.saved_report(n),
        (None, Some(p)) => ReportDefinition::from_file(p),
        _ => Err(ApiError::new(
            ErrorCode::InvalidInput,
            "report run: expected a saved report NAME or --spec FILE.json (one of them)",
        )),
    }
}

fn json<T: serde::Serialize>(v: &T) -> Result<(), ApiError> {
    let text = serde_json::to_string_pretty(v)
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    outln!("{text}");
    Ok(())
}

pub fn run(db: &Path, key: &KeySource, action: ReportAction) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    match action {
        ReportAction::Run {
            name,
            spec,
            format,
            out,
            today,
        } => {
            let format = ReportFormat::parse(&format)?;
            let def = definition(&cl, name.as_deref(), spec.as_deref())?;
            let ctx = ReportContext {
                app_version: env!("CARGO_PKG_VERSION").to_string(),
                generated_at: crate::commands::now(),
                today: today.unwrap_or_else(|| chrono::Utc::now().date_naive()),
            };
            let fonts = report_fonts(Some(Path::new(SYSTEM_CJK_FONT)).filter(|p| p.exists()));
            let started = Instant::now();
            let r = cl.export_report(&def, &ctx, format, &out, &fonts)?;
            errln!(
                "wrote a {} report ({} sections, {} bytes) to {} in {:.2} s",
                format!("{format:?}").to_uppercase(),
                r.sections,
                r.bytes,
                r.path,
                started.elapsed().as_secs_f64()
            );
            if !r.missing_characters.is_empty() {
                errln!(
                    "warning: no installed font can draw these characters: {}",
                    r.missing_characters
                );
            }
            Ok(())
        }
        ReportAction::List { json: as_json } => {
            let all = cl.saved_reports()?;
            if as_json {
                return json(&all);
            }
            for r in all {
                outln!(
                    "{:<24} {:<40} {} sections, saved {}",
                    r.name,
                    r.definition.title,
                    r.definition.sections.len(),
                    r.saved_at
                );
            }
            Ok(())
        }
        ReportAction::Save { name, spec } => {
            let def = ReportDefinition::from_file(&spec)?;
            let saved = cl.save_report(&name, &def, crate::commands::now())?;
            errln!("saved report {:?} ({})", saved.name, saved.definition.title);
            Ok(())
        }
        ReportAction::Remove { name } => {
            cl.remove_report(&name)?;
            errln!("removed report {name:?}");
            Ok(())
        }
        ReportAction::Reconcile {
            from,
            to,
            json: as_json,
        } => {
            let period = cloudlens_api::ReportPeriod::Months { from, to };
            let span: Span = period.resolve(chrono::Utc::now().date_naive())?;
            let view = cl.reconciliation(&span)?;
            if as_json {
                return json(&view);
            }
            outln!(
                "{:<16} {:<20} {:<8} {:<4} {:>18} {:>18} {:>18}  checks",
                "provider",
                "billing account",
                "month",
                "cur",
                "store",
                "provider",
                "invoice"
            );
            for s in &view.scopes {
                let checks: Vec<String> = s
                    .checks
                    .iter()
                    .map(|c| format!("{:?}: {:?}", c.reference, c.outcome))
                    .collect();
                outln!(
                    "{:<16} {:<20} {:<8} {:<4} {:>18} {:>18} {:>18}  {}",
                    s.provider,
                    s.billing_account,
                    s.month,
                    s.currency,
                    s.store_total,
                    s.provider_total.as_deref().unwrap_or("-"),
                    s.invoice.as_deref().unwrap_or("-"),
                    checks.join(", ")
                );
                for c in &s.checks {
                    for e in &c.explanation {
                        outln!("    {:?} {:?}: {}", c.reference, e.reason, e.amount);
                    }
                }
            }
            Ok(())
        }
    }
}
