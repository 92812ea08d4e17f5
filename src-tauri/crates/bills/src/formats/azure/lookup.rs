//! FinOps toolkit open data for Azure (see NOTICE.md): the FOCUS service of
//! a consumed service and resource type, and the region of a location.

use std::sync::OnceLock;

use cloudlens_model::Decimal;
use rustc_hash::FxHashMap as HashMap;

#[derive(Debug, PartialEq, Eq)]
pub(super) struct Service {
    pub name: String,
    pub category: String,
    pub subcategory: String,
}

struct Services {
    list: Vec<Service>,
    /// (consumed service, resource type), lower-case.
    by_pair: HashMap<(String, String), usize>,
    /// A resource type's service, `None` when its rows disagree.
    by_type: HashMap<String, Option<usize>>,
    by_consumed: HashMap<String, Option<usize>>,
    /// A consumed service's category when all its services share one.
    category_by_consumed: HashMap<String, Option<usize>>,
    /// A service name's category when all its rows share one
    /// (lower-case name).
    category_by_name: HashMap<String, Option<usize>>,
    /// A service name's service when all its rows agree (lower-case name).
    by_name: HashMap<String, Option<usize>>,
}

/// The data rows of an embedded table: CSV with a header line, quoted
/// fields holding commas or doubled quotes, and no line break in a field.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<String>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(split_record)
}

fn split_record(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn services() -> &'static Services {
    static CELL: OnceLock<Services> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut s = Services {
            list: Vec::new(),
            by_pair: HashMap::default(),
            by_type: HashMap::default(),
            by_consumed: HashMap::default(),
            category_by_consumed: HashMap::default(),
            category_by_name: HashMap::default(),
            by_name: HashMap::default(),
        };
        for r in rows(include_str!("services.csv")) {
            let (Some(consumed), Some(rtype), Some(name), Some(category), Some(sub)) =
                (r.first(), r.get(1), r.get(2), r.get(3), r.get(4))
            else {
                continue;
            };
            let service = Service {
                name: name.to_string(),
                category: category.to_string(),
                subcategory: sub.to_string(),
            };
            let i = match s.list.iter().position(|x| *x == service) {
                Some(i) => i,
                None => {
                    s.list.push(service);
                    s.list.len() - 1
                }
            };
            s.by_pair
                .insert((consumed.to_string(), rtype.to_string()), i);
            let list = &s.list;
            s.category_by_name
                .entry(name.to_ascii_lowercase())
                .and_modify(|e| {
                    if e.and_then(|j| list.get(j))
                        .is_none_or(|x| x.category != list[i].category)
                    {
                        *e = None;
                    }
                })
                .or_insert(Some(i));
            let agree = |e: &mut Option<usize>| {
                if *e != Some(i) {
                    *e = None;
                }
            };
            s.by_type
                .entry(rtype.to_string())
                .and_modify(agree)
                .or_insert(Some(i));
            s.by_name
                .entry(name.to_ascii_lowercase())
                .and_modify(agree)
                .or_insert(Some(i));
            if !consumed.is_empty() {
                s.by_consumed
                    .entry(consumed.to_string())
                    .and_modify(agree)
                    .or_insert(Some(i));
                s.category_by_consumed
                    .entry(consumed.to_string())
                    .and_modify(|e| {
                        if e.and_then(|j| list.get(j))
                            .is_none_or(|x| x.category != list[i].category)
                        {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        s
    })
}

/// The service of a row: by consumed service and resource type (the most
/// specific nested type first), then by resource type alone, then by
/// consumed service alone, when those are unambiguous.
pub(super) fn service(
    consumed: Option<&str>,
    resource_type: Option<&str>,
) -> Option<&'static Service> {
    let s = services();
    let consumed = consumed.map(str::to_ascii_lowercase).unwrap_or_default();
    let types: Vec<&str> = resource_type.map(type_prefixes).unwrap_or_default();
    let found = types
        .iter()
        .find_map(|t| {
            s.by_pair
                .get(&(consumed.clone(), (*t).to_string()))
                .copied()
        })
        .or_else(|| {
            types
                .iter()
                .find_map(|t| s.by_type.get(*t).copied().flatten())
        })
        .or_else(|| s.by_consumed.get(&consumed).copied().flatten());
    found.and_then(|i| s.list.get(i))
}

/// The category every service of a consumed service shares, if any.
pub(super) fn consumed_category(consumed: &str) -> Option<&'static str> {
    let s = services();
    let i = s
        .category_by_consumed
        .get(&consumed.to_ascii_lowercase())
        .copied()
        .flatten()?;
    s.list.get(i).map(|x| x.category.as_str())
}

/// The category and subcategory the Services data gives a service name
/// (a meter category such as `Virtual Network` is also a service name),
/// when all its rows agree on the category; the subcategory when they
/// agree on that too.
pub(super) fn by_name(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    let s = services();
    let i = s
        .category_by_name
        .get(&name.to_ascii_lowercase())
        .copied()
        .flatten()?;
    let category = s.list.get(i)?.category.as_str();
    let sub = s
        .by_name
        .get(&name.to_ascii_lowercase())
        .copied()
        .flatten()
        .and_then(|j| s.list.get(j))
        .map(|x| x.subcategory.as_str())
        .filter(|x| !x.is_empty());
    Some((category, sub))
}

/// The pricing block size and distinct unit of a `UnitOfMeasure` (`10K`
/// is blocks of 10,000 `Units`, `1 Hour` is `Hours`), from the toolkit's
/// PricingUnits data.
pub(super) fn pricing_unit(unit_of_measure: &str) -> Option<(Decimal, &'static str)> {
    static CELL: OnceLock<HashMap<String, (Decimal, String)>> = OnceLock::new();
    let map = CELL.get_or_init(|| {
        let mut map = HashMap::default();
        for r in rows(include_str!("pricing_units.csv")) {
            let (Some(uom), Some(block), Some(distinct)) = (r.first(), r.get(2), r.get(3)) else {
                continue;
            };
            let Some(block) = crate::parse::decimal(block).filter(|b| *b > Decimal::ZERO) else {
                continue;
            };
            map.entry(uom.to_string())
                .or_insert((block, distinct.to_string()));
            map.entry(uom.trim().to_ascii_lowercase())
                .or_insert((block, distinct.to_string()));
        }
        map
    });
    map.get(unit_of_measure)
        .or_else(|| map.get(&unit_of_measure.trim().to_ascii_lowercase()))
        .map(|(b, d)| (*b, d.as_str()))
}

/// `a/b/c/d` gives `a/b/c/d`, `a/b/c`, `a/b`.
fn type_prefixes(t: &str) -> Vec<&str> {
    let mut out = vec![t];
    let mut cur = t;
    while let Some((head, _)) = cur.rsplit_once('/') {
        if !head.contains('/') {
            break;
        }
        out.push(head);
        cur = head;
    }
    out
}

/// The ARM resource type of a resource id, lower-case:
/// `/subscriptions/…/providers/Microsoft.Sql/servers/s1/databases/d1` gives
/// `microsoft.sql/servers/databases`.
pub(super) fn arm_type(resource_id: &str) -> Option<String> {
    let lower = resource_id.to_ascii_lowercase();
    let pos = lower.find("/providers/")?;
    let rest = lower.get(pos + "/providers/".len()..)?;
    let rest = rest.split("/providers/").next().unwrap_or(rest);
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    if parts.len() < 2 {
        return None;
    }
    let mut t = parts[0].to_string();
    for p in parts.iter().skip(1).step_by(2) {
        t.push('/');
        t.push_str(p);
    }
    Some(t)
}

/// `(RegionId, RegionName)` of a resource location (`EastUS`, `US East`,
/// `eastus`); unknown locations keep their spelling as the name and give
/// a lower-case id without spaces.
pub(super) fn region(location: &str) -> (String, String) {
    static CELL: OnceLock<HashMap<String, (String, String)>> = OnceLock::new();
    let map = CELL.get_or_init(|| {
        rows(include_str!("regions.csv"))
            .filter_map(|r| {
                Some((
                    r.first()?.to_string(),
                    (r.get(1)?.to_string(), r.get(2)?.to_string()),
                ))
            })
            .collect()
    });
    let key = location.trim().to_ascii_lowercase();
    match map.get(&key) {
        Some((id, name)) => (id.clone(), name.clone()),
        None => (key.replace(' ', ""), location.trim().to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_by_consumed_service_and_resource_type() {
        let s = service(
            Some("Microsoft.Sql"),
            Some("microsoft.sql/servers/databases"),
        );
        assert_eq!(s.map(|s| s.name.as_str()), Some("Azure SQL Database"));
        assert_eq!(s.map(|s| s.category.as_str()), Some("Databases"));
        let s = service(
            Some("Microsoft.Compute"),
            Some("microsoft.compute/virtualmachinescalesets/virtualmachines"),
        );
        assert_eq!(
            s.map(|s| s.name.as_str()),
            Some("Virtual Machine Scale Sets")
        );
        assert!(service(Some("Microsoft.Compute"), None).is_none());
        assert_eq!(consumed_category("microsoft.compute"), Some("Compute"));
        assert_eq!(
            by_name("Virtual Network"),
            Some(("Networking", Some("Network Infrastructure")))
        );
        assert!(service(Some("Nope"), Some("nope/nope")).is_none());
    }

    #[test]
    fn embedded_tables_read_as_a_csv_reader_reads_them() {
        for text in [
            include_str!("services.csv"),
            include_str!("pricing_units.csv"),
            include_str!("regions.csv"),
        ] {
            let ours: Vec<Vec<String>> = rows(text).collect();
            let theirs: Vec<Vec<String>> = csv::ReaderBuilder::new()
                .has_headers(true)
                .from_reader(text.as_bytes())
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect();
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn pricing_units_with_block_sizes() {
        assert_eq!(pricing_unit("10K"), Some((Decimal::from(10_000), "Units")));
        assert_eq!(pricing_unit("1 Hour"), Some((Decimal::ONE, "Hours")));
        assert_eq!(pricing_unit("1 gb/month"), Some((Decimal::ONE, "GB/Month")));
        assert_eq!(pricing_unit("furlongs"), None);
    }

    #[test]
    fn arm_types_and_regions() {
        let id =
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/d1";
        assert_eq!(
            arm_type(id).as_deref(),
            Some("microsoft.sql/servers/databases")
        );
        assert_eq!(arm_type("/subscriptions/s/resourceGroups/rg"), None);
        assert_eq!(
            region("EastUS"),
            ("eastus".to_string(), "East US".to_string())
        );
        assert_eq!(
            region("Mars Central"),
            ("marscentral".to_string(), "Mars Central".to_string())
        );
    }
}
