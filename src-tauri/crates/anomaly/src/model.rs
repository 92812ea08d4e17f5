//! The expected value of each day of a series, one step ahead: from the
//! days before it only. Spend is a level (the median of recent days with the
//! weekly pattern divided out, plus a damped trend) times the day's weekday
//! factor; holidays behave like a weekend, make-up working days like a
//! weekday; recurring charge days (the first of the month, and days users
//! taught it) add the excess seen on their earlier occurrences; the noise
//! scale is the robust spread of recent one-step errors. A series mostly
//! made of zero days is modelled by its recent mean and maximum instead.
//! Every window looks back a bounded number of days, so a day's expectation
//! depends on a bounded stretch of its past and never on its future.

use crate::config::Params;
use crate::days::DayInfo;
use crate::feedback::Learned;
use crate::stats::{mean, median, scale_around_zero, std_dev};

/// The model of one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayModel {
    pub expected: f64,
    /// Standard deviation of the day's value around `expected`, in money.
    pub sigma: f64,
    /// In a sparse series a rise must also exceed the recent maximum.
    pub ceiling: Option<f64>,
    /// A holiday or make-up working day: spend may fall for a reason the
    /// model does not know, so no fall opens on it.
    pub holiday: bool,
}

impl DayModel {
    /// How many standard deviations `actual` is from expected.
    pub fn score(&self, actual: f64) -> f64 {
        (actual - self.expected) / self.sigma.max(1e-9)
    }

    /// The band `expected ± z σ`.
    pub fn band(&self, z: f64) -> (f64, f64) {
        (
            self.expected - z * self.sigma,
            self.expected + z * self.sigma,
        )
    }
}

/// Recurring charge days: 0 is the first of the month; others come from
/// learned monthly charges (`1 + learned index * 32 + offset`).
type ChargeKey = u32;

struct Series<'a> {
    y: &'a [f64],
    info: &'a [DayInfo],
    p: &'a Params,
    first: usize,
    regime: Vec<usize>,
    charge: Vec<Option<ChargeKey>>,
    /// Centred 7-day medians (only read where the whole window is past).
    centred: Vec<f64>,
}

/// Index of `date` in a series starting at `info[0]`, clamped to `0..=n`.
pub(crate) fn index_of(info: &[DayInfo], date: chrono::NaiveDate) -> usize {
    let Some(first) = info.first() else { return 0 };
    let i = (date - first.date).num_days();
    i.clamp(0, info.len() as i64) as usize
}

impl<'a> Series<'a> {
    fn new(y: &'a [f64], info: &'a [DayInfo], learned: &[Learned], p: &'a Params) -> Self {
        let n = y.len();
        let first = y.iter().position(|v| *v != 0.0).unwrap_or(n);
        let mut regime = vec![first; n];
        let mut charge: Vec<Option<ChargeKey>> = info
            .iter()
            .map(|d| (d.day_of_month == 1).then_some(0))
            .collect();
        for (li, l) in learned.iter().enumerate() {
            let from = index_of(info, l.from());
            match *l {
                Learned::AcceptLevel { .. } => {
                    for r in regime.iter_mut().skip(from + 1) {
                        *r = (*r).max(from);
                    }
                }
                Learned::Monthly {
                    day_of_month, days, ..
                } => {
                    for t in from..n {
                        let d = &info[t];
                        let start = day_of_month.min(d.month_len);
                        if d.day_of_month >= start && d.day_of_month < start + days {
                            let offset = d.day_of_month - start;
                            charge[t].get_or_insert(1 + li as u32 * 32 + offset);
                        }
                    }
                }
                Learned::Tolerance { .. } => {}
            }
        }
        let centred = (0..n)
            .map(|i| {
                if i >= 3 && i + 3 < n {
                    median(&mut y[i - 3..=i + 3].to_vec()).unwrap_or(f64::NAN)
                } else {
                    f64::NAN
                }
            })
            .collect();
        Series {
            y,
            info,
            p,
            first,
            regime,
            charge,
            centred,
        }
    }

    fn usable(&self, t: usize) -> bool {
        let d = &self.info[t];
        !d.holiday && !d.make_up && self.charge[t].is_none()
    }

    /// Weekday factors (mean 1) from the ratios of past days to their
    /// centred weekly median.
    fn weekly(&self, t: usize, buckets: &mut [Vec<f64>; 7]) -> [f64; 7] {
        for b in buckets.iter_mut() {
            b.clear();
        }
        let lo = (self.first + 3).max(t.saturating_sub(self.p.weekly_days));
        for i in lo..t.saturating_sub(3) {
            let c = self.centred[i];
            if self.usable(i) && c > 0.0 && c.is_finite() {
                buckets[self.info[i].weekday].push(self.y[i] / c);
            }
        }
        let mut f = [f64::NAN; 7];
        for (w, b) in buckets.iter_mut().enumerate() {
            if b.len() >= 2 {
                f[w] = median(b).unwrap_or(f64::NAN);
            }
        }
        let known: Vec<f64> = f.iter().copied().filter(|v| v.is_finite()).collect();
        let Some(m) = mean(&known).filter(|m| known.len() >= 5 && *m > 0.0) else {
            return [1.0; 7];
        };
        f.map(|v| if v.is_finite() { v / m } else { 1.0 })
    }

    /// The weekday factor of day `t`. Holidays and make-up working days may
    /// or may not move a scope's spend; the larger of the two readings is
    /// expected, so neither a scope that ignores them nor one that follows
    /// them sees a rise that is not there.
    fn day_factor(&self, f: &[f64; 7], t: usize) -> f64 {
        let d = &self.info[t];
        let own = f[d.weekday];
        if d.make_up {
            own.max(f[..5].iter().sum::<f64>() / 5.0)
        } else {
            own
        }
    }

    /// The level expected at `t`: the median of the last `level_days`
    /// usable deseasonalised days (counted in usable days, so a long
    /// holiday does not leave the level to days before a change), plus a
    /// damped trend from the median of the same number of days before them.
    fn level(&self, t: usize, z: &[f64]) -> Option<f64> {
        let regime = self.regime[t];
        let p = self.p;
        let lo = regime.max(t.saturating_sub(p.level_reach));
        let usable: Vec<usize> = (lo..t).rev().filter(|&i| z[i].is_finite()).collect();
        let need = if regime > self.first { 1 } else { p.level_min };
        let recent = &usable[..usable.len().min(p.level_days)];
        if recent.len() < need {
            return None;
        }
        let centre = |idx: &[usize]| idx.iter().sum::<usize>() as f64 / idx.len() as f64;
        let l2 = median(&mut recent.iter().map(|&i| z[i]).collect::<Vec<_>>())?;
        let older = &usable[recent.len()..usable.len().min(2 * p.level_days)];
        if recent.len() < p.level_days || older.len() < p.level_days {
            return Some(l2);
        }
        let l1 = median(&mut older.iter().map(|&i| z[i]).collect::<Vec<_>>())?;
        let span = centre(recent) - centre(older);
        let slope = (l2 - l1) / span.max(1.0);
        let reach = t as f64 - centre(recent);
        let cap = p.trend_cap * l2.abs();
        Some(l2 + (p.trend_damp * slope * reach).clamp(-cap, cap))
    }

    fn sigma(&self, t: usize, e: &[f64]) -> f64 {
        let lo = self.first.max(t.saturating_sub(self.p.sigma_days));
        let mut v: Vec<f64> = e[lo..t].iter().copied().filter(|x| x.is_finite()).collect();
        if v.len() < self.p.sigma_min_samples {
            return self.p.sigma_fallback;
        }
        scale_around_zero(&mut v)
            .unwrap_or(self.p.sigma_fallback)
            .max(self.p.sigma_floor)
    }

    /// Mean excess (in levels) of the earlier occurrences of `key`, and how
    /// uncertain it is. An occurrence from before the series had a level
    /// (a store whose first day is the first of a month) is read against
    /// today's level `l`: still only days before `t`.
    fn charge_excess(&self, t: usize, key: ChargeKey, x: &[f64], l: f64) -> (f64, f64) {
        let lo = self.first.max(t.saturating_sub(self.p.charge_lookback));
        let mut seen: Vec<f64> = (lo..t)
            .rev()
            .filter(|&j| self.charge[j] == Some(key))
            .filter_map(|j| {
                if x[j].is_finite() {
                    Some(x[j])
                } else {
                    (l > 0.0).then(|| self.y[j] / l - 1.0)
                }
            })
            .take(self.p.charge_occurrences)
            .collect();
        match seen.len() {
            0 => (0.0, self.p.unknown_charge),
            1 => (seen[0], (0.5 * seen[0].abs()).max(0.2)),
            _ => {
                let centre = median(&mut seen).unwrap_or(0.0);
                let spread = seen.iter().map(|v| (v - centre).abs()).fold(0.0, f64::max);
                (centre, spread.max(0.15 * centre.abs()).max(0.1))
            }
        }
    }

    fn sparse(&self, t: usize) -> Option<DayModel> {
        let regime = self.regime[t];
        let recent = &self.y[regime.max(t.saturating_sub(2 * self.p.level_days))..t];
        let longer = &self.y[regime.max(t.saturating_sub(self.p.sigma_days))..t];
        let m = mean(recent)?;
        let s = std_dev(longer).unwrap_or(0.0);
        let ceiling = longer.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some(DayModel {
            expected: m,
            sigma: s.max(0.25 * m.abs()).max(1e-6),
            ceiling: Some(ceiling),
            holiday: false,
        })
    }

    fn is_sparse(&self, t: usize) -> bool {
        let w = &self.y[self.regime[t].max(t.saturating_sub(2 * self.p.level_days))..t];
        let zeros = w.iter().filter(|v| **v == 0.0).count();
        w.is_empty() || zeros as f64 > self.p.sparse_zero_share * w.len() as f64
    }
}

/// The model of every day of `y` (`None` before the series has enough
/// history); `info[i]` describes day `i`.
pub fn expectations(
    y: &[f64],
    info: &[DayInfo],
    learned: &[Learned],
    p: &Params,
) -> Vec<Option<DayModel>> {
    let n = y.len().min(info.len());
    let (y, info) = (&y[..n], &info[..n]);
    let s = Series::new(y, info, learned, p);
    let mut z = vec![f64::NAN; n];
    let mut e = vec![f64::NAN; n];
    let mut x = vec![f64::NAN; n];
    let mut out = vec![None; n];
    let mut buckets: [Vec<f64>; 7] = Default::default();
    for t in s.first..n {
        let f = s.weekly(t, &mut buckets);
        let w = s.day_factor(&f, t);
        let level = s.level(t, &z).filter(|l| *l > 0.0);
        let judged = t >= s.first + p.min_history;
        out[t] = match level {
            _ if !judged => None,
            Some(l) if !s.is_sparse(t) => {
                let base = w * l;
                let widen = if info[t].holiday {
                    p.holiday_widen
                } else {
                    1.0
                };
                let mut sigma = s.sigma(t, &e) * base.abs() * widen;
                let mut expected = base;
                if let Some(key) = s.charge[t] {
                    let (excess, spread) = s.charge_excess(t, key, &x, l);
                    expected += l * excess;
                    sigma = sigma.hypot(spread * l);
                }
                Some(DayModel {
                    expected,
                    sigma: sigma.max(1e-9),
                    ceiling: None,
                    holiday: info[t].holiday || info[t].make_up,
                })
            }
            _ => s.sparse(t),
        };
        if s.usable(t) {
            z[t] = y[t] / f[info[t].weekday];
        }
        if let Some(l) = level {
            if s.usable(t) {
                e[t] = y[t] / (w * l) - 1.0;
            } else if s.charge[t].is_some() {
                x[t] = (y[t] - w * l) / l;
            }
        }
    }
    out
}
