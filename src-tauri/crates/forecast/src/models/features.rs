//! The regression's design matrix on ndarray (linfa takes it as is): trend,
//! level-shift steps, weekly and yearly Fourier terms, and the calendar
//! columns whose fitted effect the other models borrow.

use chrono::{Datelike, Duration, NaiveDate};
use cloudlens_calendar::Calendar;
use ndarray::Array2;

/// Columns that describe the calendar (holidays, make-up days, day 1), at
/// the end of every row.
pub(crate) const CALENDAR_COLUMNS: usize = 6;

pub(crate) struct Design {
    /// First history index the regression trains on.
    pub from: usize,
    pub shifts: Vec<usize>,
    pub yearly: bool,
}

/// The weekly Fourier terms (three harmonics) of each weekday, Monday first.
static WEEKLY: std::sync::LazyLock<[[f64; 6]; 7]> = std::sync::LazyLock::new(|| {
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

impl Design {
    pub fn columns(&self) -> usize {
        1 + self.shifts.len() + 6 + if self.yearly { 8 } else { 0 } + CALENDAR_COLUMNS
    }

    /// Rows for history indices `from..to` (indices past the history are
    /// forecast days), dates counted from `start`.
    pub fn rows(&self, start: NaiveDate, cal: &Calendar, from: usize, to: usize) -> Array2<f64> {
        let cols = self.columns();
        let mut x = Array2::<f64>::zeros((to.saturating_sub(from), cols));
        for (r, t) in (from..to).enumerate() {
            let date = start + Duration::days(t as i64);
            let mut c = 0;
            let mut put = |v: f64| {
                x[[r, c]] = v;
                c += 1;
            };
            put((t as f64 - self.from as f64) / 365.0);
            for &s in &self.shifts {
                put(if t >= s { 1.0 } else { 0.0 });
            }
            for v in WEEKLY[date.weekday().num_days_from_monday() as usize] {
                put(v);
            }
            if self.yearly {
                let doy = f64::from(date.ordinal0());
                for k in 1..=4 {
                    let a = std::f64::consts::TAU * f64::from(k) * doy / 365.25;
                    put(a.sin());
                    put(a.cos());
                }
            }
            let f = cal.flags(date);
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            put(flag(f.china_holiday));
            put(flag(f.spring_festival));
            put(flag(f.china_make_up));
            put(flag(f.western_holiday));
            put(flag(f.year_end));
            put(flag(date.day() == 1));
        }
        x
    }
}
