//! The allocation rules the demo starts with, so the Allocation page and the
//! `vtag:` dimensions have something to show on first start: a `team` tag
//! that reads the team from whichever spelling of the key a resource carries,
//! an `environment` tag that folds the accounts' spellings into one, and the
//! taxes shared across teams in proportion to their own spend.

use cloudlens_store::Store;

use crate::{
    ApiError, Condition, ErrorCode, MatchOp, RuleSet, SharedCostRule, SplitMethod, VirtualTag,
    VirtualTagRule,
};

pub(crate) const DEMO_RULES_NOTE: &str = "Demo allocation rules";

fn when(dimension: &str, values: &[&str]) -> Vec<Condition> {
    vec![Condition {
        dimension: dimension.into(),
        op: MatchOp::In,
        values: values.iter().map(|v| v.to_string()).collect(),
    }]
}

fn fixed(conditions: Vec<Condition>, value: &str) -> VirtualTagRule {
    VirtualTagRule {
        conditions,
        value: value.into(),
        value_from: None,
    }
}

fn read(dimension: &str) -> VirtualTagRule {
    VirtualTagRule {
        conditions: Vec::new(),
        value: String::new(),
        value_from: Some(dimension.into()),
    }
}

pub(crate) fn demo_rules() -> RuleSet {
    let team = VirtualTag {
        name: "team".into(),
        rules: vec![read("tag:team"), read("tag:Team")],
    };
    let environment = VirtualTag {
        name: "environment".into(),
        rules: vec![
            fixed(when("tag:Environment", &["Production"]), "prod"),
            fixed(when("tag:Environment", &["Staging"]), "staging"),
            fixed(when("tag:Environment", &["Development"]), "dev"),
            fixed(when("tag:environment", &["Production"]), "prod"),
            fixed(when("tag:env", &["production"]), "prod"),
            read("tag:env"),
            read("tag:environment"),
        ],
    };
    RuleSet {
        virtual_tags: vec![team, environment],
        shared_costs: vec![SharedCostRule {
            name: "Taxes".into(),
            scope: when("charge_category", &["Tax"]),
            target_dimension: "vtag:team".into(),
            targets: cloudlens_demo::team_keys().map(String::from).collect(),
            method: SplitMethod::Proportional,
        }],
        tag_keys: Vec::new(),
    }
}

/// Saves the demo rules as the first version, unless the user already has
/// rules of their own (a demo loaded again after removal keeps them).
pub(crate) fn write_demo_rules(store: &mut Store, now: i64) -> Result<(), ApiError> {
    if !store.allocation().rule_versions()?.is_empty() {
        return Ok(());
    }
    let json = serde_json::to_string(&demo_rules())
        .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
    store
        .allocation_mut()
        .save_rule_version(&json, DEMO_RULES_NOTE, now)?;
    Ok(())
}
