//! Between the explorer's view types and the engine's: dates, metrics,
//! filters and rule sets, each refusal naming the field and what was expected.

use std::str::FromStr;

use chrono::NaiveDate;
use cloudlens_explore as engine;
use cloudlens_store::Allocation;
use rust_decimal::Decimal;

use crate::{
    ApiError, Condition, ErrorCode, ExploreMetric, ExploreQuery, Granularity, MatchOp, RuleSet,
    SharedCostRule, SplitMethod, TagKeyMerge,
};

pub(crate) fn invalid(msg: impl Into<String>) -> ApiError {
    ApiError::new(ErrorCode::InvalidInput, msg)
}

pub(crate) fn engine_err(e: engine::ExploreError) -> ApiError {
    invalid(e.0)
}

pub(crate) fn date(field: &str, s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| invalid(format!("{field}: expected a date YYYY-MM-DD, got {s:?}")))
}

pub(crate) fn metric(m: ExploreMetric) -> engine::Metric {
    match m {
        ExploreMetric::Billed => engine::Metric::Billed,
        ExploreMetric::Effective => engine::Metric::Effective,
        ExploreMetric::List => engine::Metric::List,
        ExploreMetric::Contracted => engine::Metric::Contracted,
        ExploreMetric::Usage => engine::Metric::ConsumedQuantity,
    }
}

pub(crate) fn granularity(g: Granularity) -> engine::Granularity {
    match g {
        Granularity::Day => engine::Granularity::Day,
        Granularity::Week => engine::Granularity::Week,
        Granularity::Month => engine::Granularity::Month,
    }
}

fn op(o: &MatchOp) -> engine::MatchOp {
    match o {
        MatchOp::In => engine::MatchOp::In,
        MatchOp::NotIn => engine::MatchOp::NotIn,
        MatchOp::Contains => engine::MatchOp::Contains,
        MatchOp::StartsWith => engine::MatchOp::StartsWith,
        MatchOp::Missing => engine::MatchOp::Missing,
    }
}

fn conditions(c: &[Condition]) -> Vec<engine::Condition> {
    c.iter()
        .map(|c| engine::Condition {
            dimension: c.dimension.clone(),
            op: op(&c.op),
            values: c.values.clone(),
        })
        .collect()
}

fn shared(s: &SharedCostRule) -> Result<engine::SharedCost, ApiError> {
    let method = match &s.method {
        SplitMethod::Even => engine::SplitMethod::Even,
        SplitMethod::Proportional => engine::SplitMethod::Proportional,
        SplitMethod::Fixed { percents } => engine::SplitMethod::Fixed(
            percents
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    Decimal::from_str(p.trim()).map_err(|_| {
                        invalid(format!(
                            "shared cost {:?}, percentage {}: expected a decimal number, got {p:?}",
                            s.name,
                            i + 1
                        ))
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
    };
    Ok(engine::SharedCost {
        name: s.name.clone(),
        scope: conditions(&s.scope),
        target_dimension: s.target_dimension.clone(),
        targets: s.targets.clone(),
        method,
    })
}

pub(crate) fn rules(r: &RuleSet) -> Result<engine::RuleSet, ApiError> {
    Ok(engine::RuleSet {
        virtual_tags: r
            .virtual_tags
            .iter()
            .map(|t| engine::VirtualTag {
                name: t.name.clone(),
                rules: t
                    .rules
                    .iter()
                    .map(|r| engine::VirtualTagRule {
                        conditions: conditions(&r.conditions),
                        value: r.value.clone(),
                        value_from: r.value_from.clone(),
                    })
                    .collect(),
            })
            .collect(),
        shared_costs: r
            .shared_costs
            .iter()
            .map(shared)
            .collect::<Result<_, _>>()?,
        tag_keys: r.tag_keys.iter().map(tag_key_merge).collect(),
    })
}

pub(crate) fn tag_key_merge(m: &TagKeyMerge) -> engine::TagKeyMerge {
    engine::TagKeyMerge {
        canonical: m.canonical.clone(),
        aliases: m.aliases.clone(),
    }
}

/// The rule set of `version`, or the latest (empty when none was saved).
pub(crate) fn stored_rules(
    store: Allocation<'_>,
    version: Option<i64>,
) -> Result<RuleSet, ApiError> {
    match store.rule_version(version)? {
        Some(v) => serde_json::from_str(&v.rules).map_err(|e| {
            ApiError::new(
                ErrorCode::Storage,
                format!("rule version {} is unreadable: {e}", v.id),
            )
        }),
        None => match version {
            Some(v) => Err(invalid(format!(
                "rules_version: no rule version {v}; expected one listed by rule_versions"
            ))),
            None => Ok(RuleSet {
                virtual_tags: Vec::new(),
                shared_costs: Vec::new(),
                tag_keys: Vec::new(),
            }),
        },
    }
}

pub(crate) fn query(store: Allocation<'_>, q: &ExploreQuery) -> Result<engine::Query, ApiError> {
    let rules = rules(&stored_rules(store, q.rules_version)?)?;
    if let Some(c) = &q.display_currency {
        check_currency("display_currency", c)?;
    }
    Ok(engine::Query {
        group_by: q.group_by.clone(),
        filters: q
            .filters
            .iter()
            .map(|f| engine::Filter {
                dimension: f.dimension.clone(),
                values: f.values.clone(),
                exclude: f.exclude,
            })
            .collect(),
        from: date("from", &q.from)?,
        to: date("to", &q.to)?,
        granularity: granularity(q.granularity),
        metric: metric(q.metric),
        display_currency: q.display_currency.clone(),
        rules,
        apply_shared_costs: q.apply_shared_costs,
        spread_periods: q.spread_periods,
        limit: q.limit,
    })
}

/// `c` must be exactly an ISO 4217 code; an alias is refused with the code
/// it stands for, so a stored choice is never an alias.
pub(crate) fn check_currency(field: &str, c: &str) -> Result<(), ApiError> {
    if cloudlens_model::is_iso_currency(c) {
        return Ok(());
    }
    let hint = match cloudlens_model::currency(c) {
        Some(found) => format!(" (did you mean {}?)", found.code),
        None => String::new(),
    };
    Err(invalid(format!(
        "{field}: expected {}, got {c:?}{hint}",
        cloudlens_model::CURRENCY_EXPECTED
    )))
}

/// `c` as its ISO 4217 code, an alias (RMB, lower case) read as its code
/// with the note to show; anything else is refused naming `field`.
pub(crate) fn resolve_currency(
    field: &str,
    c: &str,
) -> Result<(&'static str, Option<String>), ApiError> {
    match cloudlens_model::currency(c) {
        Some(found) => Ok((
            found.code,
            cloudlens_model::alias_note(&found).map(|n| format!("{field}: {n}")),
        )),
        None => Err(invalid(format!(
            "{field}: expected {}, got {c:?}",
            cloudlens_model::CURRENCY_EXPECTED
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_are_iso_codes_and_aliases_are_named() {
        assert!(check_currency("to", "CNY").is_ok());
        let e = check_currency("to", "RMB").unwrap_err();
        assert!(e.message.contains("did you mean CNY"), "{}", e.message);
        assert!(check_currency("to", "ABC").is_err());
        let (code, note) = resolve_currency("rates.csv, line 3, column from", "rmb").unwrap();
        assert_eq!(code, "CNY");
        assert_eq!(
            note.as_deref(),
            Some(
                "rates.csv, line 3, column from: currency written as \"RMB\" read as ISO 4217 CNY"
            )
        );
        let e = resolve_currency("rates.csv, line 4, column to", "XYZ").unwrap_err();
        assert_eq!(
            e.message,
            "rates.csv, line 4, column to: expected an ISO 4217 currency code such as USD or CNY, got \"XYZ\""
        );
    }
}
