//! Spreading period charges over the days they cover: a monthly
//! subscription, support fee or tax billed on one day is shown as equal daily
//! parts over its charge period in daily charts. The parts are whole cents
//! (the sub-cent rest on the first day), the leftover cents going one each to
//! the first days (largest remainder with equal weights), so they add up to
//! the line's amount exactly and every period that holds the whole charge
//! period keeps its total.

use std::sync::Arc;

use chrono::Datelike;
use cloudlens_store::{Lines, StoreError};

use crate::charge_type::charge_type;
use crate::snapshot::corrupt;
use crate::{date_of, Snapshot};

/// One cent in nano-units: the quantum of a spread part.
const CENT: i64 = 10_000_000;

/// Per line in sorted order, how many days its charge covers after its
/// first, and the most of any line (how far back a range must look).
pub(crate) struct Spans {
    pub(crate) extra: Vec<u16>,
    pub(crate) max: i32,
}

/// `amount` in `days` parts (`days` ≥ 1) that add up to it exactly: whole
/// cents, one more cent on each of the first days that the division leaves
/// over, and the sub-cent rest on the first day.
pub fn spread_exact(amount: i64, days: u32) -> impl Iterator<Item = i64> {
    let n = i64::from(days.max(1));
    let (cents, rest) = (amount / CENT, amount % CENT);
    let (base, left) = (cents / n, cents % n);
    (0..n).map(move |i| {
        let extra = if i < left.abs() { left.signum() } else { 0 };
        (base + extra) * CENT + if i == 0 { rest } else { 0 }
    })
}

/// The days after its first that a line's charge covers: its charge period,
/// or the whole month for a recurring purchase or tax charged for one day
/// on the 1st (how some bills date a month's subscription).
fn extra_days(first: i64, last: i64, recurring_on_first: bool) -> u16 {
    let mut extra = last - first;
    if extra == 0 && recurring_on_first {
        let d = date_of(first as i32);
        if d.day() == 1 {
            let next = if d.month() == 12 {
                d.with_year(d.year() + 1).and_then(|n| n.with_month(1))
            } else {
                d.with_month(d.month() + 1)
            };
            extra = next.map(|n| (n - d).num_days() - 1).unwrap_or(0);
        }
    }
    extra.clamp(0, i64::from(u16::MAX)) as u16
}

impl Snapshot {
    /// The lines' spans, read from the store on first use; like a metric,
    /// [`StoreError::Changed`] when the store moved past this snapshot.
    pub(crate) fn spans(&self, lines: Lines<'_>) -> Result<Arc<Spans>, StoreError> {
        let mut cached = self.spans.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = &*cached {
            return Ok(s.clone());
        }
        let spans = lines.consistent(|store| {
            if store.generation()? != self.generation {
                return Err(StoreError::Changed);
            }
            self.read_spans(store)
        })?;
        let spans = Arc::new(spans);
        *cached = Some(spans.clone());
        Ok(spans)
    }

    fn read_spans(&self, store: Lines<'_>) -> Result<Spans, StoreError> {
        let mut extra = vec![0u16; self.perm.len()];
        let (mut i, mut overflow) = (0usize, false);
        store.scan_line_spans(&self.zone, |first, last| {
            match self.perm.get(i) {
                Some(&p) => {
                    let d = &self.dims[self.line_dims[p as usize] as usize];
                    let recurring = d
                        .charge_frequency
                        .as_deref()
                        .is_some_and(|f| f.eq_ignore_ascii_case("Recurring"))
                        && matches!(&**charge_type(d), "purchase" | "tax");
                    extra[p as usize] = extra_days(first, last, recurring);
                }
                None => overflow = true,
            }
            i += 1;
        })?;
        if overflow || i != self.perm.len() {
            return Err(corrupt(
                store,
                "the lines changed while the explorer read them",
            ));
        }
        let max = extra.iter().copied().max().map_or(0, i32::from);
        Ok(Spans { extra, max })
    }
}

impl Snapshot {
    /// Sums the metric of the mapped lines per (group, day of the range),
    /// spread lines in parts on the days they cover; lines charged before
    /// the range whose span reaches into it count with their parts inside.
    pub(crate) fn scan_spread(
        &self,
        spans: &Spans,
        metric: &[i64],
        map: &[u32],
        groups: usize,
        from_day: i32,
        to_day: i32,
    ) -> Vec<i128> {
        let slots = (to_day - from_day).max(0) as usize;
        let mut acc = vec![0i128; groups * slots];
        let (b0, b1) = self.range(from_day - spans.max, to_day);
        for b in b0..b1 {
            let day = self.first_day + b as i32;
            for i in self.bucket(b) {
                let g = map[self.line_dims[i] as usize];
                if g == u32::MAX {
                    continue;
                }
                let row = g as usize * slots;
                let extra = i32::from(spans.extra[i]);
                if extra == 0 || day + extra < from_day {
                    if day >= from_day {
                        acc[row + (day - from_day) as usize] += i128::from(metric[i]);
                    }
                    continue;
                }
                for (k, part) in spread_exact(metric[i], extra as u32 + 1).enumerate() {
                    let d = day + k as i32;
                    if d >= from_day && d < to_day {
                        acc[row + (d - from_day) as usize] += i128::from(part);
                    }
                }
            }
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::day_number;
    use chrono::NaiveDate;

    #[test]
    fn parts_are_whole_cents_and_add_up_to_the_line() {
        for amount in [
            100 * CENT,
            -100 * CENT,
            CENT * 1000 + 1,
            -7,
            999_999_999_999,
            31 * CENT - 1,
        ] {
            for days in [1u32, 28, 30, 31, 365] {
                let parts: Vec<i64> = spread_exact(amount, days).collect();
                assert_eq!(parts.len(), days as usize);
                assert_eq!(parts.iter().sum::<i64>(), amount, "{amount} over {days}");
                assert!(parts[1..].iter().all(|p| p % CENT == 0), "whole cents");
                let max = parts[1..].iter().max().copied().unwrap_or(0);
                let min = parts[1..].iter().min().copied().unwrap_or(0);
                assert!(max - min <= CENT, "parts differ by at most a cent");
            }
        }
        // 100.00 over 3 days: 33.34, 33.33, 33.33.
        let parts: Vec<i64> = spread_exact(100 * 1_000_000_000, 3).collect();
        assert_eq!(parts, vec![33_340_000_000, 33_330_000_000, 33_330_000_000]);
    }

    #[test]
    fn a_recurring_charge_on_the_first_covers_its_month() {
        let day = |y, m, d| i64::from(day_number(NaiveDate::from_ymd_opt(y, m, d).unwrap()));
        assert_eq!(extra_days(day(2026, 2, 1), day(2026, 2, 1), true), 27);
        assert_eq!(extra_days(day(2026, 12, 1), day(2026, 12, 1), true), 30);
        assert_eq!(extra_days(day(2026, 2, 2), day(2026, 2, 2), true), 0);
        assert_eq!(extra_days(day(2026, 2, 1), day(2026, 2, 1), false), 0);
        assert_eq!(extra_days(day(2026, 3, 1), day(2026, 3, 31), false), 30);
    }
}
