//! The Overview in one display currency: each (key, day, billing currency)
//! sum converted at that day's rate, as the explorer converts its cells, and
//! the amounts no rate covers listed, never taken at 1.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;

use chrono::NaiveDate;
use cloudlens_explore::{date_of, RateTable};
use cloudlens_store::{day_index, RollupRow};

use crate::{MissingRate, OverviewConversion};

pub(super) struct Conversion<'a> {
    rates: &'a RateTable,
    pub(super) to: &'a str,
    names: &'a HashMap<i64, String>,
}

impl<'a> Conversion<'a> {
    pub(super) fn new(rates: &'a RateTable, to: &'a str, names: &'a HashMap<i64, String>) -> Self {
        Self { rates, to, names }
    }

    fn currency(&self, id: i64) -> &str {
        self.names.get(&id).map(String::as_str).unwrap_or_default()
    }

    /// Sums per key in the display currency; amounts without a rate are left
    /// out (the view lists them).
    pub(super) fn by<'r, K: Hash + Eq>(
        &self,
        rows: impl Iterator<Item = &'r RollupRow>,
        key: impl Fn(&RollupRow) -> K,
    ) -> HashMap<K, i128> {
        let mut per_day: HashMap<(K, i64, i64), i128> = HashMap::new();
        for r in rows {
            *per_day.entry((key(r), r.day, r.currency)).or_default() += i128::from(r.nanos);
        }
        let mut out: HashMap<K, i128> = HashMap::new();
        for ((k, day, currency), nanos) in per_day {
            let Ok(day) = i32::try_from(day) else {
                continue;
            };
            if let Some(v) = self
                .rates
                .convert_nanos(day, self.currency(currency), self.to, nanos)
            {
                *out.entry(k).or_default() += v;
            }
        }
        out
    }

    /// What the Overview converted from, the latest rate it could read and
    /// every (day, currency) in `window` no rate covers.
    pub(super) fn view(
        &self,
        rows: &[RollupRow],
        (from, to): (NaiveDate, NaiveDate),
    ) -> OverviewConversion {
        let (from, to) = (day_index(from), day_index(to));
        let mut per_day: BTreeMap<(i64, &str), i128> = BTreeMap::new();
        let mut billing: BTreeSet<&str> = BTreeSet::new();
        for r in rows.iter().filter(|r| r.day >= from && r.day < to) {
            let c = self.currency(r.currency);
            billing.insert(c);
            *per_day.entry((r.day, c)).or_default() += i128::from(r.nanos);
        }
        let missing_rates = per_day
            .into_iter()
            .filter(|&(_, nanos)| nanos != 0)
            .filter_map(|((day, c), nanos)| {
                let day = i32::try_from(day).ok()?;
                self.rates
                    .rate(day, c, self.to)
                    .is_none()
                    .then(|| MissingRate {
                        date: date_of(day).to_string(),
                        from: c.to_string(),
                        to: self.to.to_string(),
                        amount: crate::explore::run::amount(nanos),
                    })
            })
            .collect();
        let mut read: Vec<&str> = billing.iter().copied().collect();
        read.push(self.to);
        read.push("USD");
        OverviewConversion {
            currency: self.to.to_string(),
            billing_currencies: billing.into_iter().map(str::to_string).collect(),
            rates_through: self.rates.latest_date(&read).map(|d| d.to_string()),
            missing_rates,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn row(day: i64, currency: i64, service: i64, nanos: i64) -> RollupRow {
        RollupRow {
            day,
            currency,
            provider: 10,
            billing_account: 15,
            account: 20,
            service,
            nanos,
        }
    }

    #[test]
    fn each_day_converts_at_its_rate_and_missing_days_are_listed() {
        let d = |s: &str| NaiveDate::from_str(s).unwrap();
        let rates = RateTable::new([(
            d("2026-01-02"),
            "USD".to_string(),
            "CNY".to_string(),
            Decimal::from_str("7.2").unwrap(),
        )]);
        let names: HashMap<i64, String> = [(1, "USD".to_string()), (2, "CNY".to_string())].into();
        let conv = Conversion::new(&rates, "CNY", &names);
        let (d1, d2) = (day_index(d("2026-01-01")), day_index(d("2026-01-02")));
        let rows = [
            row(d1, 1, 5, 1_000_000_000), // 1 USD before any rate: missing
            row(d2, 1, 5, 1_500_000_000), // 1.5 USD at 7.2 = 10.8 CNY
            row(d2, 2, 6, 2_000_000_000), // 2 CNY
        ];
        let by = conv.by(rows.iter(), |r| r.service);
        assert_eq!(by[&5], 10_800_000_000);
        assert_eq!(by[&6], 2_000_000_000);
        let view = conv.view(&rows, (d("2026-01-01"), d("2026-01-03")));
        assert_eq!(view.billing_currencies, ["CNY", "USD"]);
        assert_eq!(view.rates_through.as_deref(), Some("2026-01-02"));
        assert_eq!(view.missing_rates.len(), 1);
        assert_eq!(
            (
                view.missing_rates[0].date.as_str(),
                view.missing_rates[0].from.as_str(),
                view.missing_rates[0].amount.as_str()
            ),
            ("2026-01-01", "USD", "1")
        );
    }
}
