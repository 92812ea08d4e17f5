//! Allocation rule versions and the preview of what a rule set would change.

use std::collections::{BTreeMap, BTreeSet};

use cloudlens_explore as engine;
use cloudlens_store::{AuditAction, AuditRecord};

use crate::explore::convert::{self, invalid};
use crate::explore::run::amount;
use crate::{
    ApiError, CloudLens, ErrorCode, RulePreview, RulePreviewRow, RuleSet, RuleVersionView,
};

pub(crate) fn rfc3339(secs: i64) -> String {
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

impl CloudLens {
    pub fn rules(&self, version: Option<i64>) -> Result<RuleSet, ApiError> {
        convert::stored_rules(self.reader()?.allocation(), version)
    }

    pub fn rule_versions(&self) -> Result<Vec<RuleVersionView>, ApiError> {
        Ok(self
            .reader()?
            .allocation()
            .rule_versions()?
            .into_iter()
            .rev()
            .map(|v| RuleVersionView {
                version: v.id,
                saved_at: rfc3339(v.saved_at),
                note: v.note,
            })
            .collect())
    }

    pub fn save_rules(&self, rules: &RuleSet, note: &str) -> Result<RuleVersionView, ApiError> {
        let now = self.now();
        convert::rules(rules)?
            .tag_values_of(&Default::default())
            .map_err(convert::engine_err)?;
        let json = serde_json::to_string(rules)
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        let v = self.change(|store| {
            let before = store.allocation().rule_version(None)?;
            let v = store.allocation_mut().save_rule_version(&json, note, now)?;
            let summary = |id: i64, note: &str, rules: &str| {
                format!(
                    "version {id} ({note}), SHA-256 {}",
                    crate::audit::digest(rules.as_bytes())
                )
            };
            let mut entry = AuditRecord::new(AuditAction::RuleVersion, "allocation rules")
                .after(summary(v.id, &v.note, &v.rules));
            if let Some(b) = before {
                entry = entry.before(summary(b.id, &b.note, &b.rules));
            }
            Ok((v, Some(entry)))
        })?;
        Ok(RuleVersionView {
            version: v.id,
            saved_at: rfc3339(v.saved_at),
            note: v.note,
        })
    }

    /// Per virtual tag of `rules`: spend and resources per value over the
    /// last 30 days of data, under the current rules and under `rules`.
    pub fn preview_rules(&self, rules: &RuleSet) -> Result<Vec<RulePreview>, ApiError> {
        let proposed = convert::rules(rules)?;
        let current = convert::rules(&convert::stored_rules(self.reader()?.allocation(), None)?)?;
        let snapshot = self.explore_snapshot()?;
        let Some((_, last)) = snapshot.day_span() else {
            return Ok(Vec::new());
        };
        let to = cloudlens_explore::date_of(last + 1);
        let from = cloudlens_explore::date_of(last - 29);
        let mut out = Vec::new();
        for tag in &proposed.virtual_tags {
            let mut before_rules = current.clone();
            if !before_rules.virtual_tags.iter().any(|t| t.name == tag.name) {
                before_rules.virtual_tags.push(engine::VirtualTag {
                    name: tag.name.clone(),
                    rules: Vec::new(),
                });
            }
            let run = |cl: &CloudLens, r: engine::RuleSet| {
                cl.engine_query(&engine::Query {
                    group_by: vec![format!("vtag:{}", tag.name), "resource".into()],
                    filters: Vec::new(),
                    from,
                    to,
                    granularity: engine::Granularity::Total,
                    metric: engine::Metric::Billed,
                    display_currency: None,
                    rules: r,
                    apply_shared_costs: false,
                    spread_periods: false,
                    limit: 0,
                })
            };
            let before = run(self, before_rules)?;
            let after = run(self, proposed.clone())?;
            type Acc = BTreeMap<(Option<String>, String), (i128, BTreeSet<Option<String>>)>;
            let fold = |o: &engine::Outcome| -> Acc {
                let mut acc: Acc = BTreeMap::new();
                for c in &o.cells {
                    let v = c.groups.first().cloned().flatten().map(|s| s.to_string());
                    let e = acc.entry((v, c.currency.to_string())).or_default();
                    e.0 += c.nanos;
                    e.1.insert(c.groups.get(1).cloned().flatten().map(|s| s.to_string()));
                }
                acc
            };
            let (b, a) = (fold(&before), fold(&after));
            let keys: BTreeSet<_> = b.keys().chain(a.keys()).cloned().collect();
            let rows = keys
                .into_iter()
                .map(|k| {
                    let (bn, br) = b.get(&k).cloned().unwrap_or_default();
                    let (an, ar) = a.get(&k).cloned().unwrap_or_default();
                    RulePreviewRow {
                        value: k.0,
                        currency: k.1,
                        before: amount(bn),
                        after: amount(an),
                        resources_before: br.len() as u32,
                        resources_after: ar.len() as u32,
                    }
                })
                .collect();
            out.push(RulePreview {
                tag: tag.name.clone(),
                rows,
            });
        }
        if out.is_empty() && !rules.virtual_tags.is_empty() {
            return Err(invalid("preview: no virtual tag to preview"));
        }
        Ok(out)
    }
}
