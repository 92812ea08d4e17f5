//! The lines' sums per (day, dimension combination) over a range, with
//! charge types left out and period charges spread as the explorer does: the
//! rows the Overview reads in place of its daily rollup when the user hides a
//! charge type or spreads period charges (the rollup keeps neither the charge
//! type nor the charge period).

use cloudlens_store::{LineColumn, Lines, StoreError};
use rustc_hash::FxHashMap as HashMap;

use crate::charge_type::charge_type;
use crate::spread::spread_exact;
use crate::{day_number, Snapshot};

/// One day's sum of one dimension combination (an index into
/// [`Snapshot::dims`]), in nano-units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRow {
    pub day: i32,
    pub dims: u32,
    pub nanos: i128,
}

impl Snapshot {
    /// Sums of `metric` per day in `[from, to)` and dimension combination,
    /// leaving out the charge types in `hidden` and, with `spread`, placing
    /// spread parts on the days they cover; rows are sorted by day, then
    /// dimensions. [`StoreError::Changed`] when the store moved past this
    /// snapshot.
    pub fn day_rows(
        &self,
        lines: Lines<'_>,
        (from, to): (chrono::NaiveDate, chrono::NaiveDate),
        metric: LineColumn,
        hidden: &[String],
        spread: bool,
    ) -> Result<Vec<DayRow>, StoreError> {
        let values = self.metric(lines, metric)?;
        let spans = if spread {
            Some(self.spans(lines)?)
        } else {
            None
        };
        let keep: Vec<bool> = self
            .dims
            .iter()
            .map(|d| !hidden.iter().any(|h| **h == **charge_type(d)))
            .collect();
        let (from_day, to_day) = (day_number(from), day_number(to));
        let back = spans.as_ref().map_or(0, |s| s.max);
        let (b0, b1) = self.range(from_day - back, to_day);
        let mut sums: HashMap<(i32, u32), i128> = HashMap::default();
        for b in b0..b1 {
            let day = self.first_day + b as i32;
            for i in self.bucket(b) {
                let d = self.line_dims[i];
                if !keep[d as usize] {
                    continue;
                }
                let extra = spans.as_ref().map_or(0, |s| i32::from(s.extra[i]));
                if extra == 0 {
                    if day >= from_day {
                        *sums.entry((day, d)).or_default() += i128::from(values[i]);
                    }
                    continue;
                }
                for (k, part) in spread_exact(values[i], extra as u32 + 1).enumerate() {
                    let on = day + k as i32;
                    if on >= from_day && on < to_day {
                        *sums.entry((on, d)).or_default() += i128::from(part);
                    }
                }
            }
        }
        let mut rows: Vec<DayRow> = sums
            .into_iter()
            .filter(|(_, v)| *v != 0)
            .map(|((day, dims), nanos)| DayRow { day, dims, nanos })
            .collect();
        rows.sort_by_key(|r| (r.day, r.dims));
        Ok(rows)
    }
}
