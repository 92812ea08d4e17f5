//! The regression's design: one row per day of the whole series and its
//! horizon, built once and shared by every backtest window. Columns: a
//! constant, trend, weekly Fourier terms, the calendar columns whose fitted
//! effect the other models borrow, yearly Fourier terms when two years
//! exist, and a step for every level shift any window found (each window
//! uses its own subset).

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_calendar::Calendar;

pub(crate) const CONSTANT: usize = 0;
pub(crate) const TREND: usize = 1;
const WEEKLY: usize = 2;
/// Columns that describe the calendar (holidays, make-up days, day 1).
pub(crate) const CALENDAR: std::ops::Range<usize> = 8..14;
const YEARLY: usize = 14;
const YEARLY_TERMS: usize = 8;

/// The weekly Fourier terms (three harmonics) of each weekday, Monday first.
static WEEKLY_TERMS: std::sync::LazyLock<[[f64; 6]; 7]> = std::sync::LazyLock::new(|| {
    let mut t = [[0.0; 6]; 7];
    for (dow, row) in t.iter_mut().enumerate() {
        for k in 0..3 {
            let a = std::f64::consts::TAU * (k + 1) as f64 * dow as f64 / 7.0;
            row[2 * k] = a.sin();
            row[2 * k + 1] = a.cos();
        }
    }
    t
});

pub(crate) struct Design {
    /// Columns per row.
    pub k: usize,
    pub yearly: bool,
    /// Days where a level-shift step starts, in column order.
    pub shifts: Vec<usize>,
    rows: Vec<f64>,
}

impl Design {
    /// Rows for days `0..len` counted from `start`.
    pub fn new(
        start: NaiveDate,
        cal: &Calendar,
        len: usize,
        yearly: bool,
        shifts: Vec<usize>,
    ) -> Design {
        let k = YEARLY + if yearly { YEARLY_TERMS } else { 0 } + shifts.len();
        let mut rows = vec![0.0; len * k];
        for (t, row) in rows.chunks_exact_mut(k).enumerate() {
            let date = start + Duration::days(t as i64);
            row[CONSTANT] = 1.0;
            row[TREND] = t as f64 / 365.0;
            row[WEEKLY..WEEKLY + 6]
                .copy_from_slice(&WEEKLY_TERMS[date.weekday().num_days_from_monday() as usize]);
            let f = cal.flags(date);
            let flags = [
                f.china_holiday,
                f.spring_festival,
                f.china_make_up,
                f.western_holiday,
                f.year_end,
                date.day() == 1,
            ];
            for (c, b) in CALENDAR.zip(flags) {
                row[c] = if b { 1.0 } else { 0.0 };
            }
            let mut c = YEARLY;
            if yearly {
                let doy = f64::from(date.ordinal0());
                for h in 1..=4 {
                    let a = std::f64::consts::TAU * f64::from(h) * doy / 365.25;
                    row[c] = a.sin();
                    row[c + 1] = a.cos();
                    c += 2;
                }
            }
            for (j, &s) in shifts.iter().enumerate() {
                row[c + j] = if t >= s { 1.0 } else { 0.0 };
            }
        }
        Design {
            k,
            yearly,
            shifts,
            rows,
        }
    }

    pub fn row(&self, t: usize) -> &[f64] {
        &self.rows[t * self.k..(t + 1) * self.k]
    }

    pub fn len(&self) -> usize {
        self.rows.len() / self.k.max(1)
    }

    /// The columns a window uses: everything but the yearly terms when it
    /// lacks two years, and only its own level shifts (the first `YEARLY`
    /// columns always, in place).
    pub fn columns(&self, yearly: bool, shifts: &[usize]) -> Vec<usize> {
        let mut cols: Vec<usize> = (0..YEARLY).collect();
        if yearly && self.yearly {
            cols.extend(YEARLY..YEARLY + YEARLY_TERMS);
        }
        let first_shift = YEARLY + if self.yearly { YEARLY_TERMS } else { 0 };
        for s in shifts {
            if let Some(j) = self.shifts.iter().position(|u| u == s) {
                cols.push(first_shift + j);
            }
        }
        cols
    }
}
