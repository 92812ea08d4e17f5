//! `cloudlens://explore?...` links carrying every field of a [`ViewState`].
//! Parameters: `group` (repeated, in order), `f.N.dim`, `f.N.exclude`,
//! `f.N.v` (repeated), `f.N.none` (the filter matches untagged), `from`,
//! `to`, `granularity`, `metric`, `currency`, `rules`, `shared`, `spread`
//! (optional, spread period charges), `limit`,
//! `style`, `compare`. Values are percent-encoded UTF-8.

use std::collections::BTreeMap;

use crate::explore::convert::invalid;
use crate::{
    ApiError, ChartStyle, DimensionFilter, ExploreMetric, ExploreQuery, Granularity, ViewState,
};

const PREFIX: &str = "cloudlens://explore?";

fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn dec(name: &str, s: &str) -> Result<String, ApiError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s
                    .get(i + 1..i + 3)
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(b) = hex else {
                    return Err(invalid(format!(
                        "link parameter {name}: expected %XX percent-encoding, got {s:?}"
                    )));
                };
                out.push(b);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out)
        .map_err(|_| invalid(format!("link parameter {name}: expected UTF-8 text")))
}

fn serde_name<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn parse_name<T: serde::de::DeserializeOwned>(
    name: &str,
    v: &str,
    expected: &str,
) -> Result<T, ApiError> {
    serde_json::from_value(serde_json::Value::String(v.to_string())).map_err(|_| {
        invalid(format!(
            "link parameter {name}: expected {expected}, got {v:?}"
        ))
    })
}

pub fn link(s: &ViewState) -> String {
    let q = &s.query;
    let mut p: Vec<(String, String)> = Vec::new();
    for g in &q.group_by {
        p.push(("group".into(), g.clone()));
    }
    for (i, f) in q.filters.iter().enumerate() {
        p.push((format!("f.{i}.dim"), f.dimension.clone()));
        if f.exclude {
            p.push((format!("f.{i}.exclude"), "1".into()));
        }
        for v in &f.values {
            match v {
                Some(v) => p.push((format!("f.{i}.v"), v.clone())),
                None => p.push((format!("f.{i}.none"), "1".into())),
            }
        }
    }
    p.push(("from".into(), q.from.clone()));
    p.push(("to".into(), q.to.clone()));
    p.push(("granularity".into(), serde_name(&q.granularity)));
    p.push(("metric".into(), serde_name(&q.metric)));
    if let Some(c) = &q.display_currency {
        p.push(("currency".into(), c.clone()));
    }
    if let Some(v) = q.rules_version {
        p.push(("rules".into(), v.to_string()));
    }
    p.push((
        "shared".into(),
        if q.apply_shared_costs { "1" } else { "0" }.into(),
    ));
    if q.spread_periods {
        p.push(("spread".into(), "1".into()));
    }
    p.push(("limit".into(), q.limit.to_string()));
    p.push(("style".into(), serde_name(&s.style)));
    p.push(("compare".into(), if s.compare { "1" } else { "0" }.into()));
    let body: Vec<String> = p
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    format!("{PREFIX}{}", body.join("&"))
}

fn flag(name: &str, v: &str) -> Result<bool, ApiError> {
    match v {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(invalid(format!(
            "link parameter {name}: expected 0 or 1, got {v:?}"
        ))),
    }
}

pub fn parse(link: &str) -> Result<ViewState, ApiError> {
    let Some(body) = link.trim().strip_prefix(PREFIX) else {
        return Err(invalid(format!("link: expected it to start with {PREFIX}")));
    };
    let mut one: BTreeMap<String, String> = BTreeMap::new();
    let mut group_by = Vec::new();
    let mut filters: BTreeMap<usize, DimensionFilter> = BTreeMap::new();
    let mut filter_dims: BTreeMap<usize, bool> = BTreeMap::new();
    for pair in body.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = dec("name", k)?;
        let v = dec(&k, v)?;
        if k == "group" {
            group_by.push(v);
        } else if let Some(rest) = k.strip_prefix("f.") {
            let (n, field) = rest.split_once('.').ok_or_else(|| {
                invalid(format!(
                    "link parameter {k}: expected f.N.dim, f.N.v, f.N.none or f.N.exclude"
                ))
            })?;
            let n: usize = n.parse().map_err(|_| {
                invalid(format!(
                    "link parameter {k}: expected a filter number after f."
                ))
            })?;
            let f = filters.entry(n).or_insert_with(|| DimensionFilter {
                dimension: String::new(),
                values: Vec::new(),
                exclude: false,
            });
            match field {
                "dim" => {
                    f.dimension = v;
                    filter_dims.insert(n, true);
                }
                "exclude" => f.exclude = flag(&k, &v)?,
                "v" => f.values.push(Some(v)),
                "none" => {
                    if flag(&k, &v)? {
                        f.values.push(None)
                    }
                }
                _ => {
                    return Err(invalid(format!(
                        "link parameter {k}: expected f.N.dim, f.N.v, f.N.none or f.N.exclude"
                    )))
                }
            }
        } else if one.insert(k.clone(), v).is_some() {
            return Err(invalid(format!("link parameter {k}: expected it once")));
        }
    }
    for n in filters.keys() {
        if !filter_dims.contains_key(n) {
            return Err(invalid(format!("link parameter f.{n}.dim: missing")));
        }
    }
    let mut take = |name: &str| -> Result<String, ApiError> {
        one.remove(name)
            .ok_or_else(|| invalid(format!("link parameter {name}: missing")))
    };
    let from = take("from")?;
    let to = take("to")?;
    crate::explore::convert::date("link parameter from", &from)?;
    crate::explore::convert::date("link parameter to", &to)?;
    let granularity: Granularity =
        parse_name("granularity", &take("granularity")?, "day, week or month")?;
    let metric: ExploreMetric = parse_name(
        "metric",
        &take("metric")?,
        "billed, effective, list, contracted or usage",
    )?;
    let style: ChartStyle = parse_name("style", &take("style")?, "stacked_bar, area or line")?;
    let apply_shared_costs = flag("shared", &take("shared")?)?;
    let compare = flag("compare", &take("compare")?)?;
    let limit_text = take("limit")?;
    let limit: u32 = limit_text.parse().map_err(|_| {
        invalid(format!(
            "link parameter limit: expected a whole number, got {limit_text:?}"
        ))
    })?;
    let spread_periods = match one.remove("spread") {
        Some(v) => flag("spread", &v)?,
        None => false,
    };
    let display_currency = one.remove("currency");
    if let Some(c) = &display_currency {
        crate::explore::convert::check_currency("link parameter currency", c)?;
    }
    let rules_version = match one.remove("rules") {
        Some(v) => Some(v.parse::<i64>().map_err(|_| {
            invalid(format!(
                "link parameter rules: expected a rule version number, got {v:?}"
            ))
        })?),
        None => None,
    };
    if let Some(k) = one.keys().next() {
        return Err(invalid(format!("link parameter {k}: not a view setting")));
    }
    Ok(ViewState {
        query: ExploreQuery {
            group_by,
            filters: filters.into_values().collect(),
            from,
            to,
            granularity,
            metric,
            display_currency,
            rules_version,
            apply_shared_costs,
            spread_periods,
            limit,
        },
        style,
        compare,
    })
}
