//! Which days a detection run judges. A monitor decides each day once:
//! days it has not decided yet are judged; a decided day is judged again
//! only when its own lines changed (an import or sync restated it, or a run
//! holding it was removed), and then what changed is marked "restated".
//! An explicit range is judged again, but inserts anomalies only on days
//! undecided or changed, so a re-run never rewrites a past verdict.

use chrono::NaiveDate;
use cloudlens_store::RunSpan;
use serde::{Deserialize, Serialize};

use super::series::Window;

/// The runs a detection saw, so the next one knows which appeared or went.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SeenRuns(pub Vec<(i64, i64, i64)>);

impl SeenRuns {
    pub fn of(spans: &[RunSpan]) -> SeenRuns {
        SeenRuns(
            spans
                .iter()
                .map(|s| (s.run_id, s.first_day, s.last_day))
                .collect(),
        )
    }
}

/// Charge days (epoch day numbers, inclusive spans) of runs added or
/// removed since `before`.
pub(crate) fn changed_spans(now: &SeenRuns, before: Option<&SeenRuns>) -> Vec<(i64, i64)> {
    let Some(before) = before else {
        return now.0.iter().map(|r| (r.1, r.2)).collect();
    };
    let added = now.0.iter().filter(|r| !before.0.contains(r));
    let removed = before.0.iter().filter(|r| !now.0.contains(r));
    added.chain(removed).map(|r| (r.1, r.2)).collect()
}

/// Per day of the data window: what this run may do on it.
pub(crate) struct DayPlan {
    pub window: Window,
    pub target: Vec<bool>,
    pub restated: Vec<bool>,
    /// New anomalies may be reported on these days.
    pub insert: Vec<bool>,
    /// Every day is judged again under the monitor's changed settings.
    pub rejudge: bool,
}

fn epoch_day(d: NaiveDate) -> i64 {
    cloudlens_store::day_index(d)
}

impl DayPlan {
    pub fn new(
        window: Window,
        decided: &[(NaiveDate, NaiveDate)],
        changed: &[(i64, i64)],
        explicit: Option<(NaiveDate, NaiveDate)>,
    ) -> DayPlan {
        let n = window.days;
        let mut plan = DayPlan {
            window,
            target: vec![false; n],
            restated: vec![false; n],
            insert: vec![false; n],
            rejudge: false,
        };
        for i in 0..n {
            let d = window.date(i);
            let was = decided.iter().any(|(a, b)| *a <= d && d <= *b);
            let e = epoch_day(d);
            let moved = changed.iter().any(|(a, b)| *a <= e && e <= *b);
            plan.target[i] = match explicit {
                Some((a, b)) => a <= d && d <= b,
                None => !was || moved,
            };
            plan.restated[i] = plan.target[i] && was && moved;
            plan.insert[i] = plan.target[i] && (!was || moved);
        }
        plan
    }

    /// Only the days after `after`, all open to new anomalies (a re-decision
    /// after feedback).
    pub fn after(window: Window, after: NaiveDate) -> DayPlan {
        let n = window.days;
        let target: Vec<bool> = (0..n).map(|i| window.date(i) > after).collect();
        DayPlan {
            window,
            restated: vec![false; n],
            insert: target.clone(),
            target,
            rejudge: false,
        }
    }

    /// Every day, open to new anomalies: the monitor's settings changed, so
    /// its verdicts are its user's to revise.
    pub fn rejudge(window: Window) -> DayPlan {
        let n = window.days;
        DayPlan {
            window,
            target: vec![true; n],
            restated: vec![false; n],
            insert: vec![true; n],
            rejudge: true,
        }
    }

    pub fn any(&self) -> bool {
        self.target.iter().any(|t| *t)
    }

    /// The judged days as inclusive date ranges.
    pub fn ranges(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.target.len() {
            if !self.target[i] {
                i += 1;
                continue;
            }
            let a = i;
            while i + 1 < self.target.len() && self.target[i + 1] {
                i += 1;
            }
            out.push((self.window.date(a), self.window.date(i)));
            i += 1;
        }
        out
    }
}
