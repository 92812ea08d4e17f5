//! `cloudlens tags coverage|suggest|merge`: the tag coverage view's figures
//! (the same document the app shows), the key merges the app would suggest,
//! and saving a merge as a new allocation rule version.

use std::io::Write;
use std::path::Path;

use clap::Subcommand;
use cloudlens_api::{
    ApiError, CoverageLevel, CoverageQuery, ErrorCode, ExploreMetric, KeySource, TagKeyMerge,
};

use crate::explore_cmd::named;

#[derive(Subcommand)]
pub enum TagsAction {
    /// Per provider, billing account or service, the spend carrying each tag key.
    Coverage {
        /// First charge day included (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// First charge day excluded (YYYY-MM-DD).
        #[arg(long)]
        to: String,
        /// provider, billing_account or service.
        #[arg(long, default_value = "service")]
        level: String,
        /// billed, effective, list or contracted.
        #[arg(long, default_value = "billed")]
        metric: String,
        /// Convert into this currency with the store's exchange rates.
        #[arg(long)]
        currency: Option<String>,
        /// json or csv.
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Groups of tag keys that differ only by case, separators or a known alias.
    Suggest,
    /// Read ALIASES as CANONICAL from now on (saved as a new rule version).
    Merge {
        canonical: String,
        #[arg(required = true)]
        aliases: Vec<String>,
    },
}

fn io(e: impl std::fmt::Display) -> ApiError {
    ApiError::new(ErrorCode::Storage, format!("stdout: {e}"))
}

pub fn run(db: &Path, key: &KeySource, action: TagsAction) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    let mut out = crate::out::stdout();
    match action {
        TagsAction::Coverage {
            from,
            to,
            level,
            metric,
            currency,
            format,
        } => {
            if format != "json" && format != "csv" {
                return Err(ApiError::new(
                    ErrorCode::InvalidInput,
                    format!("--format: expected json or csv, got {format:?}"),
                ));
            }
            let q = CoverageQuery {
                from,
                to,
                level: named::<CoverageLevel>(
                    "--level",
                    &level,
                    "provider, billing_account or service",
                )?,
                metric: named::<ExploreMetric>(
                    "--metric",
                    &metric,
                    "billed, effective, list or contracted",
                )?,
                display_currency: currency,
            };
            let cov = cl.tag_coverage(&q)?;
            if format == "json" {
                let doc = serde_json::to_string(&cov).map_err(io)?;
                writeln!(out, "{doc}").map_err(io)?;
            } else {
                let mut w = csv::Writer::from_writer(out);
                let mut header: Vec<String> = [
                    "provider",
                    "billing_account",
                    "service",
                    "currency",
                    "total",
                ]
                .map(String::from)
                .to_vec();
                header.extend(cov.keys.iter().map(|k| format!("tag:{k}")));
                w.write_record(&header).map_err(io)?;
                for r in &cov.rows {
                    let mut row = vec![
                        r.provider.clone(),
                        r.billing_account.clone().unwrap_or_default(),
                        r.service.clone().unwrap_or_default(),
                        r.currency.clone(),
                        r.total.clone(),
                    ];
                    row.extend(r.tagged.iter().cloned());
                    w.write_record(&row).map_err(io)?;
                }
                w.flush().map_err(io)?;
            }
            for m in &cov.missing_rates {
                errln!(
                    "missing rate {} {}→{}: {} {} left out",
                    m.date,
                    m.from,
                    m.to,
                    m.amount,
                    m.from
                );
            }
        }
        TagsAction::Suggest => {
            for m in cl.suggest_tag_key_merges()? {
                writeln!(out, "{} ← {}", m.canonical, m.aliases.join(", ")).map_err(io)?;
            }
        }
        TagsAction::Merge { canonical, aliases } => {
            let mut rules = cl.rules(None)?;
            rules.tag_keys.retain(|m| m.canonical != canonical);
            rules.tag_keys.push(TagKeyMerge {
                canonical: canonical.clone(),
                aliases: aliases.clone(),
            });
            let note = format!("merge tag keys {} into {canonical}", aliases.join(", "));
            let v = cl.save_rules(&rules, &note)?;
            writeln!(out, "rule version {}: {note}", v.version).map_err(io)?;
        }
    }
    Ok(())
}
