//! `cloudlens sources`: which source holds each billing period (imported
//! files, a bill API sync or a bucket export), and the route a provider
//! prefers.

use std::path::Path;

use clap::Subcommand;
use cloudlens_api::{ApiError, ErrorCode, KeySource, SourceOriginView};

#[derive(Subcommand)]
pub enum SourcesAction {
    /// Every period fed by more than the demo: the source counted, and the
    /// others kept aside.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Prefer a route for a provider's periods (as its lines name it: AWS,
    /// Alibaba Cloud...): file, api or bucket; auto for the automatic rule
    /// (complete first, then itemised, then the most recent).
    Prefer { provider: String, route: String },
}

pub fn run(db: &Path, key: &KeySource, action: SourcesAction) -> Result<(), ApiError> {
    let cl = crate::lens::open(db, key)?;
    match action {
        SourcesAction::List { json } => {
            let view = cl.scope_sources()?;
            if json {
                let text = serde_json::to_string_pretty(&view)
                    .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                outln!("{text}");
                return Ok(());
            }
            for p in &view.preferences {
                outln!("{} prefers {}", p.provider, p.route);
            }
            for s in &view.scopes {
                let (counted, aside): (Vec<&SourceOriginView>, Vec<&SourceOriginView>) =
                    s.origins.iter().partition(|o| o.active);
                let names = |v: &[&SourceOriginView]| {
                    v.iter()
                        .map(|o| format!("{} ({}, {})", o.origin, o.route, o.detail))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let aside = if aside.is_empty() {
                    String::new()
                } else {
                    format!("; kept aside: {}", names(&aside))
                };
                outln!(
                    "{:<16} {:<20} {}  {}{aside}",
                    s.provider,
                    s.billing_account,
                    s.month,
                    names(&counted)
                );
            }
            Ok(())
        }
        SourcesAction::Prefer { provider, route } => {
            let route = (route != "auto").then_some(route);
            cl.set_source_preference(&provider, route.as_deref())?;
            errln!(
                "{provider}: {}",
                route.map_or("the automatic rule".to_string(), |r| format!(
                    "{r} preferred"
                ))
            );
            Ok(())
        }
    }
}
