//! A monitor's money threshold in each series' currency, day by day: the
//! monitor sets it in one currency, and each day is judged against it at
//! that day's exchange rate (the latest on or before the day). Days before
//! the first known rate use the earliest one, and an anomaly detected on
//! such a day says so; a currency no rate reaches at all is not judged,
//! and the run lists it. Never a rate of 1 by default.

use std::collections::HashMap;

use chrono::NaiveDate;
use cloudlens_explore::{day_number, RateTable};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::codec;
use super::money::text;
use super::series::Window;
use super::views::ThresholdView;
use crate::ApiError;

/// A threshold converted for every day of a window.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DailyThreshold {
    pub monitor_amount: Decimal,
    pub monitor_currency: String,
    pub currency: String,
    /// Per day: the rate used, and whether it was known on or before the
    /// day (`false`: the earliest later rate stood in).
    rates: Vec<(Decimal, bool)>,
    /// Each day's rate as a factor for the detector.
    pub scale: Vec<f64>,
}

/// What an anomaly row keeps of the threshold it was judged against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredThreshold {
    pub amount: String,
    pub currency: String,
    pub monitor_amount: String,
    pub monitor_currency: String,
    pub rate: Option<String>,
    pub rate_missing: bool,
}

impl DailyThreshold {
    /// `None` when no day of the window has a rate for the pair.
    pub fn new(
        amount: Decimal,
        from: &str,
        to: &str,
        rates: &RateTable,
        w: Window,
    ) -> Option<DailyThreshold> {
        let known: Vec<Option<Decimal>> = (0..w.days)
            .map(|i| rates.rate(day_number(w.date(i)), from, to))
            .collect();
        let first = known.iter().flatten().next().copied()?;
        let rates: Vec<(Decimal, bool)> = known
            .iter()
            .map(|r| r.map_or((first, false), |r| (r, true)))
            .collect();
        Some(DailyThreshold {
            monitor_amount: amount,
            monitor_currency: from.to_string(),
            currency: to.to_string(),
            scale: rates
                .iter()
                .map(|(r, _)| r.to_f64().unwrap_or(f64::INFINITY))
                .collect(),
            rates,
        })
    }

    /// The threshold per day in the series' currency on day `i`.
    pub fn amount_on(&self, i: usize) -> Decimal {
        let rate = self.rates.get(i).map_or(Decimal::ONE, |r| r.0);
        self.monitor_amount * rate
    }

    /// The threshold as an anomaly detected on day `i` keeps it.
    pub fn stored(&self, i: usize) -> StoredThreshold {
        let (rate, known) = self.rates.get(i).copied().unwrap_or((Decimal::ONE, true));
        let same = self.monitor_currency == self.currency;
        StoredThreshold {
            amount: text(
                self.amount_on(i)
                    .round_dp(super::money::minor_units(&self.currency)),
                &self.currency,
            ),
            currency: self.currency.clone(),
            monitor_amount: self.monitor_amount.normalize().to_string(),
            monitor_currency: self.monitor_currency.clone(),
            rate: (!same).then(|| rate.normalize().to_string()),
            rate_missing: !known,
        }
    }
}

/// Thresholds of one monitor per series currency, converted once each.
pub(crate) struct Thresholds<'a> {
    amount: Decimal,
    from: String,
    rates: &'a RateTable,
    window: Window,
    by_currency: HashMap<String, Option<DailyThreshold>>,
}

impl<'a> Thresholds<'a> {
    pub fn new(
        min_impact: &str,
        currency: &str,
        rates: &'a RateTable,
        window: Window,
    ) -> Result<Self, ApiError> {
        Ok(Thresholds {
            amount: min_impact
                .parse()
                .map_err(|e| codec::unreadable("monitor threshold", e))?,
            from: currency.to_string(),
            rates,
            window,
            by_currency: HashMap::new(),
        })
    }

    /// The threshold in `currency`; `None` when no rate reaches it.
    pub fn of(&mut self, currency: &str) -> Option<&DailyThreshold> {
        let (amount, from, rates, w) = (self.amount, &self.from, self.rates, self.window);
        self.by_currency
            .entry(currency.to_string())
            .or_insert_with(|| DailyThreshold::new(amount, from, currency, rates, w))
            .as_ref()
    }
}

pub(crate) fn view(s: StoredThreshold) -> ThresholdView {
    ThresholdView {
        amount: s.amount,
        currency: s.currency,
        monitor_amount: s.monitor_amount,
        monitor_currency: s.monitor_currency,
        rate: s.rate,
        rate_missing: s.rate_missing,
    }
}

/// The day a stored date falls on in the window (for the threshold of the
/// day an anomaly was detected).
pub(crate) fn index(w: Window, d: NaiveDate) -> usize {
    w.index(d).min(w.days.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn each_day_uses_its_own_rate_and_a_missing_one_is_flagged() {
        let rates = RateTable::new(vec![
            (
                d("2026-01-03"),
                "USD".into(),
                "CNY".into(),
                Decimal::new(71, 1),
            ),
            (
                d("2026-01-05"),
                "USD".into(),
                "CNY".into(),
                Decimal::new(70, 1),
            ),
        ]);
        let w = Window::between(d("2026-01-01"), d("2026-01-06"));
        let t = DailyThreshold::new(Decimal::from(100), "USD", "CNY", &rates, w).unwrap();
        assert_eq!(
            t.amount_on(0),
            Decimal::from(710),
            "before the first rate: the earliest"
        );
        assert!(t.stored(0).rate_missing);
        assert_eq!(t.amount_on(3), Decimal::from(710));
        assert!(!t.stored(3).rate_missing);
        assert_eq!(t.amount_on(5), Decimal::from(700));
        assert_eq!(t.stored(5).amount, "700.00");
        assert_eq!(t.stored(5).rate.as_deref(), Some("7"));
        assert!(DailyThreshold::new(Decimal::ONE, "USD", "JPY", &rates, w).is_none());
        let same = DailyThreshold::new(Decimal::from(5), "CNY", "CNY", &rates, w).unwrap();
        assert_eq!(same.stored(0).rate, None);
        assert!(!same.stored(0).rate_missing);
    }
}
