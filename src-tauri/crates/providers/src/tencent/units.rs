//! Pricing quantities from Tencent's price units, as the bill importer
//! (`ingest/src/formats/tencent.rs`, `PriceUnit`) derives them, so a synced
//! line carries the same unit and quantity as the same row imported from
//! the console's CSV.

use rust_decimal::Decimal;

/// A time word in FOCUS spelling (`小时` and `hour` are `Hour`).
pub(super) fn time_word(w: &str) -> Option<&'static str> {
    let unit = match w.trim().to_ascii_lowercase().as_str() {
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" | "时" => "Hour",
        "min" | "mins" | "minute" | "minutes" | "分钟" => "Minute",
        "s" | "sec" | "secs" | "second" | "seconds" | "秒" => "Second",
        "d" | "day" | "days" | "天" | "日" => "Day",
        "mo" | "mon" | "mth" | "month" | "months" | "月" | "个月" => "Month",
        "y" | "yr" | "yrs" | "year" | "years" | "年" => "Year",
        _ => return None,
    };
    Some(unit)
}

/// A price unit as Tencent writes it: `元/核/小时`, `CNY/GB/month`: a
/// currency, then what one unit of price buys.
#[derive(Debug, Default, PartialEq)]
pub(super) struct PriceUnit<'a> {
    pub currency: Option<&'static str>,
    unit: Option<&'a str>,
    time: Option<&'static str>,
}

impl<'a> PriceUnit<'a> {
    pub fn parse(v: Option<&'a str>) -> Self {
        let Some(v) = v else {
            return Self::default();
        };
        let mut parts: Vec<&str> = v.split('/').map(str::trim).collect();
        let mut p = Self::default();
        if let Some(first) = parts.first() {
            p.currency = match *first {
                "元" | "人民币" | "CNY" | "RMB" => Some("CNY"),
                "美元" | "USD" => Some("USD"),
                _ => None,
            };
            if p.currency.is_some() {
                parts.remove(0);
            }
        }
        if let Some(last) = parts.last() {
            p.time = time_word(last);
            if p.time.is_some() {
                parts.pop();
            }
        }
        match parts.as_slice() {
            [] => {}
            [unit] if !unit.is_empty() => p.unit = Some(unit),
            _ => p.time = None,
        }
        p
    }

    /// The pricing unit and quantity of `usage` of `usage_unit` for
    /// `duration` of `duration_unit` (the importer's rule: per unit-time
    /// prices multiply usage by duration unless usage is already time).
    pub fn quantity(
        &self,
        usage: Option<Decimal>,
        usage_unit: Option<&str>,
        duration: Option<Decimal>,
        duration_unit: Option<&str>,
    ) -> (Option<String>, Option<Decimal>) {
        let base = self.unit.or(usage_unit);
        let Some(time) = self.time else {
            return (base.map(str::to_string), usage);
        };
        if usage_unit.and_then(time_word) == Some(time) {
            return (Some(format!("{time}s")), usage);
        }
        let base = base.unwrap_or("Unit");
        let unit = Some(format!("{base}-{time}s"));
        let same_time = duration_unit.is_none_or(|u| time_word(u) == Some(time));
        match (usage, duration) {
            (Some(u), Some(d)) if same_time => (unit, u.checked_mul(d)),
            (None, Some(d)) if same_time => (unit, Some(d)),
            (Some(_), Some(_)) => (None, None),
            (u, None) => (unit, u),
            (None, _) => (None, None),
        }
    }
}

/// Whole spellings the Chinese clouds write that no rule derives.
const KNOWN: &[(&str, &str)] = &[
    ("万次", "10000 Requests"),
    ("千次", "1000 Requests"),
    ("百万次", "1000000 Requests"),
    ("核时", "Core-Hours"),
    ("核*小时", "Core-Hours"),
    ("GB*小时", "GB-Hours"),
    ("GB*月", "GB-Months"),
];

/// Chinese count units, singular.
const CHINESE_COUNTS: &[(&str, &str)] = &[
    ("次", "Request"),
    ("请求", "Request"),
    ("个", "Unit"),
    ("条", "Item"),
    ("台", "Instance"),
    ("实例", "Instance"),
    ("核", "Core"),
    ("张", "Certificate"),
    ("域名", "Domain"),
    ("IP", "IP"),
];

/// The FOCUS UnitFormat spelling of a unit [`PriceUnit::quantity`] gives
/// (`核-Hours` → `Core-Hours`, `个` → `Units`), as the importer's
/// `formats::units::focus_unit` spells it when a line's dimensions are
/// made; a unit no rule covers is kept as written, as there.
pub(super) fn focus_unit(raw: &str) -> String {
    let t = raw.trim();
    if let Some((_, v)) = KNOWN.iter().find(|(k, _)| *k == t) {
        return (*v).to_string();
    }
    if let Some((left, right)) = t.rsplit_once('-') {
        return match (time_word(right.trim()), singular_base(left.trim())) {
            (Some(time), Some(base)) => format!("{base}-{time}s"),
            _ => t.to_string(),
        };
    }
    if let Some(time) = time_word(t) {
        return format!("{time}s");
    }
    plural_base(t).unwrap_or_else(|| t.to_string())
}

fn data_size(w: &str) -> Option<&'static str> {
    let d = match w.to_ascii_lowercase().trim_end_matches('s') {
        "b" | "byte" => "B",
        "kb" | "kilobyte" => "KB",
        "mb" | "megabyte" => "MB",
        "gb" | "gigabyte" => "GB",
        "tb" | "terabyte" => "TB",
        "pb" | "petabyte" => "PB",
        "kib" | "kibibyte" => "KiB",
        "mib" | "mebibyte" => "MiB",
        "gib" | "gibibyte" => "GiB",
        "tib" | "tebibyte" => "TiB",
        _ => return None,
    };
    Some(d)
}

fn singular_base(w: &str) -> Option<String> {
    if let Some(d) = data_size(w) {
        return Some(d.to_string());
    }
    if let Some((_, en)) = CHINESE_COUNTS.iter().find(|(zh, _)| *zh == w) {
        return Some((*en).to_string());
    }
    if is_count(w) {
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(capitalize(w.strip_suffix('s').unwrap_or(w)));
        }
        return Some(w.to_string());
    }
    None
}

fn plural_base(w: &str) -> Option<String> {
    if let Some(d) = data_size(w) {
        return Some(d.to_string());
    }
    if let Some((_, en)) = CHINESE_COUNTS.iter().find(|(zh, _)| *zh == w) {
        return Some(plural(en));
    }
    if is_count(w) {
        if w.bytes().all(|b| b.is_ascii_lowercase()) {
            return Some(plural(&capitalize(w)));
        }
        return Some(w.to_string());
    }
    None
}

fn plural(w: &str) -> String {
    if w.ends_with('s') || w.ends_with("IP") {
        w.to_string()
    } else {
        format!("{w}s")
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// Words of ASCII letters and digits, each starting with a letter.
fn is_count(s: &str) -> bool {
    !s.is_empty()
        && s.split(' ').all(|w| {
            let mut b = w.bytes();
            b.next().is_some_and(|f| f.is_ascii_alphabetic())
                && b.all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_hours_from_cores_and_hours() {
        let d = |v: i64| Some(Decimal::from(v));
        let p = PriceUnit::parse(Some("元/核/小时"));
        assert_eq!(p.currency, Some("CNY"));
        assert_eq!(
            p.quantity(d(2), Some("核"), d(24), Some("小时")),
            (Some("核-Hours".into()), d(48))
        );
        assert_eq!(focus_unit("核-Hours"), "Core-Hours");
        assert_eq!(focus_unit("GB-Months"), "GB-Months");
        assert_eq!(focus_unit("个-Days"), "Unit-Days");
        assert_eq!(focus_unit("个"), "Units");
        assert_eq!(focus_unit("Hours"), "Hours");
        assert_eq!(focus_unit("千次"), "1000 Requests");
        assert_eq!(focus_unit("奇怪-单位"), "奇怪-单位");
        let p = PriceUnit::parse(Some("元/GB/月"));
        assert_eq!(
            p.quantity(d(100), Some("GB"), None, None),
            (Some("GB-Months".into()), d(100))
        );
    }
}
