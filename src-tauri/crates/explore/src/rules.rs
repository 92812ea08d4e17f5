//! Allocation rules: virtual tags (ordered rules, first match wins, no match
//! leaves the line untagged) and shared costs (a scope's cost split across
//! targets). Both are evaluated once per dimension combination.

use std::sync::Arc;

use cloudlens_store::DimsRecord;
use rust_decimal::Decimal;

use crate::tag_keys::TagKeys;
use crate::{Dimension, ExploreError, TagKeyMerge};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    In,
    NotIn,
    Contains,
    StartsWith,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Condition {
    pub dimension: String,
    pub op: MatchOp,
    pub values: Vec<String>,
}

/// When every condition holds, the tag gets `value`, or, with `value_from`,
/// the line's value of that dimension ("team = tag:owner"); a line without
/// it falls through to the next rule ("else tag:Team").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualTagRule {
    pub conditions: Vec<Condition>,
    pub value: String,
    pub value_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VirtualTag {
    pub name: String,
    pub rules: Vec<VirtualTagRule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitMethod {
    Even,
    Proportional,
    /// Percentages, adding up to 100.
    Fixed(Vec<Decimal>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedCost {
    pub name: String,
    pub scope: Vec<Condition>,
    pub target_dimension: String,
    pub targets: Vec<String>,
    pub method: SplitMethod,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleSet {
    pub virtual_tags: Vec<VirtualTag>,
    pub shared_costs: Vec<SharedCost>,
    /// Tag keys read as one (see [`TagKeyMerge`]).
    pub tag_keys: Vec<TagKeyMerge>,
}

/// A condition with its dimension parsed and its case folding done once.
pub(crate) struct Compiled {
    dim: Dimension,
    op: MatchOp,
    values: Vec<String>,
    lower: String,
}

enum RuleValue {
    Fixed(Arc<str>),
    From(Dimension),
}

pub(crate) struct CompiledTag {
    pub name: String,
    rules: Vec<(Vec<Compiled>, RuleValue)>,
}

pub(crate) struct CompiledRules {
    pub tags: Vec<CompiledTag>,
    pub shared: Vec<(Vec<Compiled>, usize)>,
    pub keys: TagKeys,
}

fn compile(
    conds: &[Condition],
    tags_before: &[CompiledTag],
) -> Result<Vec<Compiled>, ExploreError> {
    conds
        .iter()
        .map(|c| {
            let dim = earlier_dimension(&c.dimension, tags_before, "condition on")?;
            if !matches!(c.op, MatchOp::Missing) && c.values.is_empty() {
                return Err(ExploreError(format!(
                    "condition on {}: expected at least one value",
                    c.dimension
                )));
            }
            Ok(Compiled {
                dim,
                op: c.op,
                lower: c
                    .values
                    .first()
                    .map(|v| v.to_lowercase())
                    .unwrap_or_default(),
                values: c.values.clone(),
            })
        })
        .collect()
}

/// A dimension a rule reads; a virtual tag only if it is defined earlier.
fn earlier_dimension(
    name: &str,
    tags_before: &[CompiledTag],
    what: &str,
) -> Result<Dimension, ExploreError> {
    let dim = Dimension::parse(name)?;
    if let Dimension::VirtualTag(n) = &dim {
        if !tags_before.iter().any(|t| &t.name == n) {
            return Err(ExploreError(format!(
                "{what} {name}: a virtual tag may only read virtual tags defined before it"
            )));
        }
    }
    Ok(dim)
}

impl RuleSet {
    pub(crate) fn compile(&self) -> Result<CompiledRules, ExploreError> {
        let keys = TagKeys::new(&self.tag_keys)?;
        let mut tags: Vec<CompiledTag> = Vec::new();
        for t in &self.virtual_tags {
            if t.name.is_empty() || tags.iter().any(|x| x.name == t.name) {
                return Err(ExploreError(format!(
                    "virtual tag {:?}: expected a unique, non-empty name",
                    t.name
                )));
            }
            let mut rules = Vec::new();
            for r in &t.rules {
                let value = match &r.value_from {
                    Some(from) => RuleValue::From(earlier_dimension(from, &tags, "value from")?),
                    None => RuleValue::Fixed(Arc::from(r.value.as_str())),
                };
                rules.push((compile(&r.conditions, &tags)?, value));
            }
            tags.push(CompiledTag {
                name: t.name.clone(),
                rules,
            });
        }
        let mut shared = Vec::new();
        for (i, s) in self.shared_costs.iter().enumerate() {
            Dimension::parse(&s.target_dimension)?;
            if s.targets.is_empty() {
                return Err(ExploreError(format!(
                    "shared cost {:?}: expected at least one target",
                    s.name
                )));
            }
            if let SplitMethod::Fixed(p) = &s.method {
                if p.len() != s.targets.len() {
                    return Err(ExploreError(format!(
                        "shared cost {:?}: expected one percentage per target ({}), got {}",
                        s.name,
                        s.targets.len(),
                        p.len()
                    )));
                }
                let sum: Decimal = p.iter().sum();
                if sum != Decimal::ONE_HUNDRED || p.iter().any(|x| x.is_sign_negative()) {
                    return Err(ExploreError(format!(
                        "shared cost {:?}: expected non-negative percentages adding up to 100, they add up to {sum}",
                        s.name
                    )));
                }
            }
            shared.push((compile(&s.scope, &tags)?, i));
        }
        Ok(CompiledRules { tags, shared, keys })
    }
}

impl CompiledRules {
    /// The value of every virtual tag for one dimension combination.
    pub fn tag_values(&self, d: &DimsRecord) -> Vec<Option<Arc<str>>> {
        let mut out: Vec<Option<Arc<str>>> = Vec::with_capacity(self.tags.len());
        for t in &self.tags {
            let v = t.rules.iter().find_map(|(conds, value)| {
                if !conds.iter().all(|c| self.holds(c, d, &out)) {
                    return None;
                }
                match value {
                    RuleValue::Fixed(v) => Some(v.clone()),
                    RuleValue::From(dim) => self.value(dim, d, &out).cloned(),
                }
            });
            out.push(v);
        }
        out
    }

    /// The first shared-cost rule whose scope holds, if any.
    pub fn shared_rule(&self, d: &DimsRecord, tags: &[Option<Arc<str>>]) -> Option<usize> {
        self.shared
            .iter()
            .find(|(conds, _)| conds.iter().all(|c| self.holds(c, d, tags)))
            .map(|(_, i)| *i)
    }

    pub fn value<'a>(
        &self,
        dim: &Dimension,
        d: &'a DimsRecord,
        tags: &'a [Option<Arc<str>>],
    ) -> Option<&'a Arc<str>> {
        match dim {
            Dimension::VirtualTag(n) => self
                .tags
                .iter()
                .position(|t| &t.name == n)
                .and_then(|i| tags.get(i))
                .and_then(|v| v.as_ref()),
            Dimension::Tag(k) => self.keys.read(k, d),
            other => other.stored(d),
        }
    }

    fn holds(&self, c: &Compiled, d: &DimsRecord, tags: &[Option<Arc<str>>]) -> bool {
        let v = self.value(&c.dim, d, tags).map(|s| &**s);
        match c.op {
            MatchOp::Missing => v.is_none(),
            MatchOp::In => v.is_some_and(|v| c.values.iter().any(|x| x == v)),
            MatchOp::NotIn => !v.is_some_and(|v| c.values.iter().any(|x| x == v)),
            MatchOp::Contains => v.is_some_and(|v| v.to_lowercase().contains(&c.lower)),
            MatchOp::StartsWith => v.is_some_and(|v| v.starts_with(c.values[0].as_str())),
        }
    }
}

impl RuleSet {
    /// Every virtual tag's value for one dimension combination, in order.
    pub fn tag_values_of(
        &self,
        d: &DimsRecord,
    ) -> Result<Vec<(String, Option<String>)>, ExploreError> {
        let c = self.compile()?;
        let values = c.tag_values(d);
        Ok(c.tags
            .iter()
            .zip(values)
            .map(|(t, v)| (t.name.clone(), v.map(|s| s.to_string())))
            .collect())
    }
}
