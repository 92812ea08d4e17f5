//! What a series looks like before any model sees it: where spend starts,
//! whether it stopped, the charges that recur on the first of the month,
//! and abrupt level shifts.

use chrono::{Datelike, Months, NaiveDate};

use crate::metrics::{quantile, quantile_in_place};

/// Days the recent volatility is measured over.
const VOLATILITY_DAYS: usize = 28;

/// Index of the first non-zero value.
pub(crate) fn first_charge(values: &[f64]) -> Option<usize> {
    values.iter().position(|v| *v != 0.0)
}

/// The series stopped when its trailing run of zeros is at least two weeks
/// and twice as long as any quiet spell before it (so a monthly charge,
/// zero between first days, is not "stopped" after three weeks).
pub(crate) fn stopped(values: &[f64]) -> Option<usize> {
    let trailing = values.iter().rev().take_while(|v| **v == 0.0).count();
    if trailing < 14 || trailing == values.len() {
        return None;
    }
    let body = &values[..values.len() - trailing];
    let (mut longest, mut run) = (0usize, 0usize);
    for v in body {
        run = if *v == 0.0 { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    (trailing >= 2 * longest).then_some(trailing)
}

/// Charges on the first of each month beyond the month's usual daily level.
pub(crate) struct DayOne {
    /// Per history index: the excess removed (non-zero only on day 1s).
    pub removed: Vec<f64>,
    /// The amount projected on each future first of the month.
    pub projected: f64,
}

/// Day 1s that stand out from the week after them by more than four times
/// the day-to-day noise, in at least two thirds of the months seen (and at
/// least two), with their excess; `None` when they do not recur.
fn first_excesses(start: NaiveDate, y: &[f64]) -> Option<Vec<(usize, f64)>> {
    let noise = weekly_noise(y);
    let mut excesses: Vec<(usize, f64)> = Vec::new();
    let mut months = 0usize;
    for i in first_days(start, y.len()) {
        if i + 8 > y.len() {
            continue;
        }
        months += 1;
        let base = quantile(&y[i + 1..i + 8], 0.5);
        let excess = y[i] - base;
        if excess.abs() > 4.0 * noise.max(1e-9) && excess.abs() > 0.05 * base.abs() {
            excesses.push((i, excess));
        }
    }
    if months < 2 || excesses.len() < 2 || 3 * excesses.len() < 2 * months {
        return None;
    }
    Some(excesses)
}

/// Whether something is charged on most 1sts of the month, of either sign
/// or both (taxes one month, a larger credit the next).
pub(crate) fn charges_on_firsts(start: NaiveDate, y: &[f64]) -> bool {
    first_excesses(start, y).is_some()
}

/// Finds a charge recurring on day 1 (see [`first_excesses`]) with one
/// sign. The projection is the latest month's excess, the recurring charge
/// at its latest price.
pub(crate) fn day_one(start: NaiveDate, y: &[f64]) -> Option<DayOne> {
    let excesses = first_excesses(start, y)?;
    let signs = excesses.iter().filter(|e| e.1 > 0.0).count();
    if signs != excesses.len() && signs != 0 {
        return None;
    }
    let mut removed = vec![0.0; y.len()];
    for &(i, e) in &excesses {
        removed[i] = e;
    }
    // The last first-of-month may lack seven following days: take its
    // excess over the days it has, or repeat the previous month's.
    let projected = excesses.last().map(|e| e.1).unwrap_or(0.0);
    if let Some(last) = first_days(start, y.len())
        .last()
        .filter(|&i| i + 8 > y.len())
    {
        let after = &y[last + 1..];
        let base = if after.is_empty() {
            y[last.saturating_sub(7)..last].to_vec()
        } else {
            after.to_vec()
        };
        let e = y[last] - quantile(&base, 0.5);
        if e.abs() > 0.5 * projected.abs() {
            removed[last] = e;
            return Some(DayOne {
                removed,
                projected: e,
            });
        }
    }
    Some(DayOne { removed, projected })
}

/// Indices below `len` that fall on the first of a month.
pub(crate) fn first_days(start: NaiveDate, len: usize) -> impl Iterator<Item = usize> {
    let mut month = start.with_day(1).unwrap_or(start);
    if month < start {
        month = month.checked_add_months(Months::new(1)).unwrap_or(start);
    }
    std::iter::from_fn(move || {
        let i = usize::try_from((month - start).num_days()).ok()?;
        month = month.checked_add_months(Months::new(1))?;
        Some(i)
    })
    .take_while(move |&i| i < len)
}

/// Mean absolute day-to-day change over the last `VOLATILITY_DAYS` days.
pub(crate) fn recent_volatility(y: &[f64]) -> f64 {
    let tail = &y[y.len().saturating_sub(VOLATILITY_DAYS + 1)..];
    if tail.len() < 2 {
        return 0.0;
    }
    tail.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (tail.len() - 1) as f64
}

/// A robust scale of day-to-day variation net of the weekly cycle: the
/// median absolute week-on-week change, as a standard deviation.
pub(crate) fn weekly_noise(y: &[f64]) -> f64 {
    if y.len() <= 7 {
        return 0.0;
    }
    let mut d: Vec<f64> = (7..y.len())
        .map(|t| (y[t] - y[t - 7]).abs())
        .filter(|x| x.is_finite())
        .collect();
    1.4826 * quantile_in_place(&mut d, 0.5) / std::f64::consts::SQRT_2
}

/// Abrupt level shifts, as history indices where the new level starts:
/// binary segmentation of weekly medians (blocks aligned on the end), a split
/// kept when the two sides differ by more than six standard errors and the
/// change between the neighbouring weeks is itself abrupt (a steady trend
/// is not a shift); refined to the day inside the boundary weeks.
pub(crate) fn level_shifts(y: &[f64]) -> Vec<usize> {
    let blocks = y.len() / 7;
    if blocks < 6 {
        return Vec::new();
    }
    let offset = y.len() - blocks * 7;
    // Weekly medians: a one- or two-day spike moves a week's mean as much
    // as a shift would, but not its median.
    let medians: Vec<f64> = (0..blocks)
        .map(|b| {
            let mut week = [0.0; 7];
            week.copy_from_slice(&y[offset + 7 * b..offset + 7 * b + 7]);
            quantile_in_place(&mut week, 0.5)
        })
        .collect();
    let diffs: Vec<f64> = medians.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let sigma = (1.4826 * quantile(&diffs, 0.5) / std::f64::consts::SQRT_2).max(1e-9);
    let mut found = Vec::new();
    split(&medians, 0, blocks, sigma, &mut found, 0);
    found.sort_unstable();
    found
        .into_iter()
        .map(|b| refine(y, offset + 7 * b))
        .collect()
}

fn split(m: &[f64], a: usize, b: usize, sigma: f64, out: &mut Vec<usize>, depth: usize) {
    if depth > 2 || b - a < 4 {
        return;
    }
    // Running sums make every candidate split's two means O(1).
    let total: f64 = m[a..b].iter().sum();
    let mut left = m[a] + m[a + 1];
    let mut best: Option<(usize, f64)> = None;
    for k in a + 2..=b - 2 {
        if k > a + 2 {
            left += m[k - 1];
        }
        let (nl, nr) = ((k - a) as f64, (b - k) as f64);
        let (ml, mr) = (left / nl, (total - left) / nr);
        let se = sigma * (1.0 / nl + 1.0 / nr).sqrt();
        let stat = (mr - ml).abs() / se;
        let abrupt = (m[k] - m[k - 1]).abs() > 0.6 * (mr - ml).abs()
            && (m[k] - m[k - 1]).abs() > 3.0 * sigma;
        if stat > 6.0 && abrupt && best.is_none_or(|(_, s)| stat > s) {
            best = Some((k, stat));
        }
    }
    if let Some((k, _)) = best {
        out.push(k);
        split(m, a, k, sigma, out, depth + 1);
        split(m, k, b, sigma, out, depth + 1);
    }
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// The day within a week either side of a block boundary that best splits
/// the surrounding fortnights into two levels.
fn refine(y: &[f64], boundary: usize) -> usize {
    let lo = boundary.saturating_sub(7).max(7);
    let hi = (boundary + 7).min(y.len().saturating_sub(7));
    let mut best = (boundary, f64::INFINITY);
    for s in lo..=hi {
        let (l, r) = (&y[s.saturating_sub(14)..s], &y[s..(s + 14).min(y.len())]);
        let sse = |v: &[f64]| {
            let m = mean(v);
            v.iter().map(|x| (x - m).powi(2)).sum::<f64>()
        };
        let cost = sse(l) + sse(r);
        if cost < best.1 {
            best = (s, cost);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_is_found_to_the_day_and_a_trend_is_not() {
        let y: Vec<f64> = (0..120)
            .map(|t| if t < 83 { 100.0 } else { 160.0 } + ((t * 7919) % 13) as f64)
            .collect();
        assert_eq!(level_shifts(&y), vec![83]);
        let trend: Vec<f64> = (0..120)
            .map(|t| 100.0 + t as f64 + ((t * 7919) % 13) as f64)
            .collect();
        assert!(level_shifts(&trend).is_empty());
    }

    #[test]
    fn stopped_needs_a_quiet_spell_longer_than_any_before() {
        let mut y = vec![5.0; 60];
        y.extend(vec![0.0; 20]);
        assert_eq!(stopped(&y), Some(20));
        let monthly: Vec<f64> = (0..90)
            .map(|t| if t % 30 == 0 { 9.0 } else { 0.0 })
            .collect();
        assert_eq!(stopped(&monthly), None);
    }
}
