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
        let p = PriceUnit::parse(Some("元/GB/月"));
        assert_eq!(
            p.quantity(d(100), Some("GB"), None, None),
            (Some("GB-Months".into()), d(100))
        );
    }
}
