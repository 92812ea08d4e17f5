//! The shipped tables: instance sizes (shape and list price) and the
//! commitment offers of each provider, read once from `data/*.csv`.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::OnceLock;

use rust_decimal::Decimal;

const INSTANCE_TYPES: &str = include_str!("../data/instance_types.csv");
const COMMITMENT_OFFERS: &str = include_str!("../data/commitment_offers.csv");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeRow {
    pub provider: String,
    pub family: String,
    pub size: String,
    pub vcpu: u32,
    pub memory_gib: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    AllUpfront,
    NoUpfront,
    Monthly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Compute,
    Database,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub provider: String,
    pub scope: Scope,
    pub en: String,
    pub zh: String,
    pub term_months: u32,
    pub payment: Payment,
    /// Percent off the on-demand price.
    pub discount_percent: Decimal,
}

/// A malformed row in a shipped table (a build defect; a test reads both).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for CatalogError {}

#[derive(Debug, Default)]
pub struct Catalog {
    sizes: HashMap<(String, String), SizeRow>,
    /// (provider, normalised size, region or "*") → (hourly price, currency).
    prices: HashMap<(String, String, String), (Decimal, String)>,
    offers: Vec<Offer>,
}

/// How sizes are compared: `Standard_D4s_v5`, `D4s v5` and `d4s_v5` are one size.
pub fn normalise(size: &str) -> String {
    let s = size.trim().to_ascii_lowercase().replace('_', " ");
    s.strip_prefix("standard ").unwrap_or(&s).trim().to_string()
}

fn rows(text: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|(i, l)| (i + 1, l.split(',').map(str::trim).collect()))
}

impl Catalog {
    /// The tables shipped with the build.
    pub fn shipped() -> Result<&'static Catalog, CatalogError> {
        static CATALOG: OnceLock<Result<Catalog, CatalogError>> = OnceLock::new();
        CATALOG
            .get_or_init(|| Catalog::parse(INSTANCE_TYPES, COMMITMENT_OFFERS))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn parse(instances: &'static str, offers: &'static str) -> Result<Catalog, CatalogError> {
        let mut c = Catalog::default();
        for (line, f) in rows(instances) {
            let err = |message: String| CatalogError {
                file: "instance_types.csv",
                line,
                message,
            };
            let [provider, family, size, vcpu, memory, region, currency, hourly] = f[..] else {
                return Err(err(format!("expected 8 fields, found {}", f.len())));
            };
            let vcpu = vcpu
                .parse::<u32>()
                .map_err(|_| err(format!("vcpu {vcpu:?} is not a whole number")))?;
            let memory_gib = Decimal::from_str(memory)
                .map_err(|_| err(format!("memory_gib {memory:?} is not a number")))?;
            let key = (provider.to_string(), normalise(size));
            c.sizes.entry(key.clone()).or_insert_with(|| SizeRow {
                provider: provider.to_string(),
                family: family.to_string(),
                size: size.to_string(),
                vcpu,
                memory_gib,
            });
            if !hourly.is_empty() {
                let price = Decimal::from_str(hourly)
                    .map_err(|_| err(format!("hourly {hourly:?} is not a number")))?;
                c.prices.insert(
                    (key.0, key.1, region.to_string()),
                    (price, currency.to_string()),
                );
            }
        }
        for (line, f) in rows(offers) {
            let err = |message: String| CatalogError {
                file: "commitment_offers.csv",
                line,
                message,
            };
            let [provider, scope, en, zh, term, payment, discount] = f[..] else {
                return Err(err(format!("expected 7 fields, found {}", f.len())));
            };
            c.offers.push(Offer {
                provider: provider.to_string(),
                scope: match scope {
                    "compute" => Scope::Compute,
                    "database" => Scope::Database,
                    _ => {
                        return Err(err(format!(
                            "scope {scope:?}: expected compute or database"
                        )))
                    }
                },
                en: en.to_string(),
                zh: zh.to_string(),
                term_months: term
                    .parse()
                    .map_err(|_| err(format!("term_months {term:?} is not a whole number")))?,
                payment: match payment {
                    "all_upfront" => Payment::AllUpfront,
                    "no_upfront" => Payment::NoUpfront,
                    "monthly" => Payment::Monthly,
                    _ => {
                        return Err(err(format!(
                            "payment {payment:?}: expected all_upfront, no_upfront or monthly"
                        )))
                    }
                },
                discount_percent: Decimal::from_str(discount)
                    .map_err(|_| err(format!("discount_percent {discount:?} is not a number")))?,
            });
        }
        Ok(c)
    }

    pub fn size(&self, provider: &str, size: &str) -> Option<&SizeRow> {
        self.sizes.get(&(provider.to_string(), normalise(size)))
    }

    /// The list price per hour in `region` (the reference region's where the
    /// region has no row of its own).
    pub fn price(&self, provider: &str, size: &str, region: &str) -> Option<(Decimal, &str)> {
        let n = normalise(size);
        self.prices
            .get(&(provider.to_string(), n.clone(), region.to_string()))
            .or_else(|| self.prices.get(&(provider.to_string(), n, "*".to_string())))
            .map(|(p, c)| (*p, c.as_str()))
    }

    /// The sizes of one family with the same memory per vCPU, smallest first.
    pub fn siblings(&self, of: &SizeRow) -> Vec<&SizeRow> {
        let mut v: Vec<&SizeRow> = self
            .sizes
            .values()
            .filter(|s| {
                s.provider == of.provider
                    && s.family == of.family
                    && s.memory_gib * Decimal::from(of.vcpu)
                        == of.memory_gib * Decimal::from(s.vcpu)
            })
            .collect();
        v.sort_by(|a, b| a.vcpu.cmp(&b.vcpu).then(a.size.cmp(&b.size)));
        v
    }

    /// The size named in a bill's meter text (`On Demand Linux m6i.xlarge
    /// Instance Hour`), the longest match on word boundaries.
    pub fn find_in(&self, provider: &str, text: &str) -> Option<&SizeRow> {
        let hay = normalise(text);
        self.sizes
            .iter()
            .filter(|((p, n), _)| p == provider && contains_word(&hay, n))
            .max_by_key(|((_, n), _)| (n.len(), n.clone()))
            .map(|(_, s)| s)
    }

    pub fn offer(&self, provider: &str, scope: Scope) -> Option<&Offer> {
        self.offers
            .iter()
            .find(|o| o.provider == provider && o.scope == scope)
    }
}

fn contains_word(hay: &str, needle: &str) -> bool {
    let boundary =
        |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '.' || c == '-'));
    let mut from = 0;
    while let Some(i) = hay[from..].find(needle) {
        let at = from + i;
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        if boundary(before) && boundary(after) {
            return true;
        }
        from = at + needle.len().max(1);
        if from >= hay.len() {
            break;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tables_read_and_answer() {
        let c = Catalog::shipped().unwrap();
        let m = c.size("aws", "m6i.2xlarge").unwrap();
        assert_eq!((m.vcpu, m.memory_gib), (8, Decimal::from(32)));
        assert_eq!(
            c.price("aws", "m6i.large", "eu-west-1").unwrap().0,
            Decimal::from_str("0.107").unwrap()
        );
        assert_eq!(
            c.price("aws", "m6i.large", "us-east-1").unwrap().0,
            Decimal::from_str("0.096").unwrap()
        );
        assert!(c.size("azure", "Standard_D4s_v5").is_some());
        let sib: Vec<&str> = c
            .siblings(c.size("huawei", "c7.2xlarge.4").unwrap())
            .iter()
            .map(|s| s.size.as_str())
            .collect();
        assert_eq!(sib, ["c7.large.4", "c7.xlarge.4", "c7.2xlarge.4"]);
        // No sourced list price exists for these: rightsizing must fall back
        // to the bills or the vCPU ratio, never to a guessed figure.
        for (p, size, region) in [
            ("alibaba", "ecs.g7.large", "cn-hangzhou"),
            ("tencent", "S5.LARGE8", "ap-guangzhou"),
            ("huawei", "c7.large.4", "cn-north-4"),
        ] {
            assert!(c.size(p, size).is_some(), "{p} {size}");
            assert!(c.price(p, size, region).is_none(), "{p} {size}");
        }
        assert_eq!(
            c.find_in("aws", "On Demand Linux m6i.2xlarge Instance Hour")
                .map(|s| s.size.as_str()),
            Some("m6i.2xlarge")
        );
        assert_eq!(
            c.find_in("alibaba", "实例规格 Instance Type ecs.g7.xlarge")
                .map(|s| s.size.as_str()),
            Some("ecs.g7.xlarge")
        );
        assert_eq!(
            c.find_in("azure", "D4s v5").map(|s| s.size.as_str()),
            Some("D4s v5")
        );
        assert!(c.find_in("aws", "m6i.2xlarge2").is_none());
        assert_eq!(
            c.offer("gcp", Scope::Compute).unwrap().discount_percent,
            Decimal::from(37)
        );
        for p in crate::providers::KEYS {
            assert!(c.offer(p, Scope::Compute).is_some(), "{p}");
            assert!(c.offer(p, Scope::Database).is_some(), "{p}");
        }
    }
}
