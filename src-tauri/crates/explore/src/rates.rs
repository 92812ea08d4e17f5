//! Exchange rates: the rate in force on a date is the latest one on or
//! before it. A pair may be given either way round (the inverse is used),
//! or through USD when neither currency has a direct rate to the other.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

use crate::day_number;

#[derive(Debug, Clone, Default)]
pub struct RateTable {
    /// (from, to) → (day, rate), sorted by day.
    pairs: HashMap<(String, String), Vec<(i32, Decimal)>>,
}

/// Amounts the conversion could not convert, per (date, from, to).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingRate {
    pub date: chrono::NaiveDate,
    pub from: String,
    pub to: String,
    pub nanos: i128,
}

impl MissingRate {
    /// Unconverted amounts per (day, from currency) into `to`, by date then currency.
    pub(crate) fn listed(
        missing: HashMap<(i32, std::sync::Arc<str>), i128>,
        to: Option<&str>,
    ) -> Vec<MissingRate> {
        let mut out: Vec<MissingRate> = missing
            .into_iter()
            .map(|((day, from), nanos)| MissingRate {
                date: crate::date_of(day),
                from: from.to_string(),
                to: to.unwrap_or_default().to_string(),
                nanos,
            })
            .collect();
        out.sort_by(|a, b| a.date.cmp(&b.date).then(a.from.cmp(&b.from)));
        out
    }
}

impl RateTable {
    pub fn new(
        rates: impl IntoIterator<Item = (chrono::NaiveDate, String, String, Decimal)>,
    ) -> Self {
        let mut pairs: HashMap<(String, String), Vec<(i32, Decimal)>> = HashMap::default();
        for (date, from, to, rate) in rates {
            if rate.is_zero() || rate.is_sign_negative() {
                continue;
            }
            pairs
                .entry((from, to))
                .or_default()
                .push((day_number(date), rate));
        }
        for v in pairs.values_mut() {
            v.sort_by_key(|(d, _)| *d);
        }
        RateTable { pairs }
    }

    fn direct(&self, day: i32, from: &str, to: &str) -> Option<Decimal> {
        let v = self.pairs.get(&(from.to_string(), to.to_string()))?;
        let i = v.partition_point(|(d, _)| *d <= day);
        (i > 0).then(|| v[i - 1].1)
    }

    fn either_way(&self, day: i32, from: &str, to: &str) -> Option<Decimal> {
        self.direct(day, from, to).or_else(|| {
            self.direct(day, to, from)
                .and_then(|r| Decimal::ONE.checked_div(r))
        })
    }

    /// One `from` in `to` on `day`; `None` when the table cannot say.
    pub fn rate(&self, day: i32, from: &str, to: &str) -> Option<Decimal> {
        if from == to {
            return Some(Decimal::ONE);
        }
        self.either_way(day, from, to).or_else(|| {
            if from == "USD" || to == "USD" {
                return None;
            }
            let a = self.either_way(day, from, "USD")?;
            let b = self.either_way(day, "USD", to)?;
            a.checked_mul(b)
        })
    }

    /// `nanos` of `from` in `to` at the rate of `day`, rounded as the
    /// explorer rounds each converted day; `None` when the rate is missing.
    pub fn convert_nanos(&self, day: i32, from: &str, to: &str, nanos: i128) -> Option<i128> {
        self.rate(day, from, to).and_then(|r| convert(nanos, r))
    }

    /// The latest date of a rate from or to one of `currencies`, the age of
    /// the rates a conversion among them reads.
    pub fn latest_date(&self, currencies: &[&str]) -> Option<chrono::NaiveDate> {
        self.pairs
            .iter()
            .filter(|((f, t), _)| {
                currencies.contains(&f.as_str()) || currencies.contains(&t.as_str())
            })
            .filter_map(|(_, v)| v.last().map(|(d, _)| *d))
            .max()
            .map(crate::date_of)
    }
}

/// `nanos` × `rate`, rounded half-to-even at the ninth place.
pub(crate) fn convert(nanos: i128, rate: Decimal) -> Option<i128> {
    let amount = Decimal::try_from_i128_with_scale(nanos, 9).ok()?;
    let mut v = amount
        .checked_mul(rate)?
        .round_dp_with_strategy(9, rust_decimal::RoundingStrategy::MidpointNearestEven);
    v.rescale(9);
    Some(v.mantissa())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> chrono::NaiveDate {
        chrono::NaiveDate::from_str(s).unwrap()
    }

    #[test]
    fn converts_at_the_day_rate_and_names_the_latest_rate_read() {
        let table = RateTable::new([
            (
                d("2026-01-01"),
                "USD".into(),
                "CNY".into(),
                Decimal::from_str("7.1").unwrap(),
            ),
            (
                d("2026-02-01"),
                "USD".into(),
                "CNY".into(),
                Decimal::from_str("7.2").unwrap(),
            ),
            (
                d("2026-03-01"),
                "EUR".into(),
                "USD".into(),
                Decimal::from_str("1.1").unwrap(),
            ),
        ]);
        let day = day_number(d("2026-01-15"));
        // 2.5 USD at 7.1.
        assert_eq!(
            table.convert_nanos(day, "USD", "CNY", 2_500_000_000),
            Some(17_750_000_000)
        );
        assert_eq!(
            table.convert_nanos(day_number(d("2025-12-31")), "USD", "CNY", 1),
            None
        );
        assert_eq!(table.latest_date(&["CNY"]), Some(d("2026-02-01")));
        assert_eq!(table.latest_date(&["EUR", "CNY"]), Some(d("2026-03-01")));
        assert_eq!(table.latest_date(&["JPY"]), None);
    }
}
