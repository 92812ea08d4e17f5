//! A detection run: for every monitor that is not muted, the scope's daily
//! series per group (the whole history, so each day's model is the same
//! whichever days are judged), the detector's verdicts on the days the plan
//! allows, root causes of what it reports, and one transaction that stores
//! the anomalies, withdraws those a restatement or a monitor edit undid,
//! and records the days decided and the runs seen. Everything is read
//! through read connections; the writer is held only for that transaction.

use std::time::Instant;

use chrono::NaiveDate;
use cloudlens_anomaly::HolidayRegion;
use cloudlens_explore::date_of;
use cloudlens_store::{DecidedRange, DetectionWrite, MonitorRecord};

use super::codec::{self, from_json, to_json};
use super::judge::Only;
use super::plan::{changed_spans, DayPlan, SeenRuns};
use super::series::Window;
use super::views::{DetectionSummary, ThresholdRateGap};
use crate::explore::convert::{date, invalid, metric};
use crate::{ApiError, CloudLens};

/// Holidays by billing currency: spend billed in CNY follows the mainland
/// calendar, everything else the Western one.
pub(crate) fn region(currency: &str) -> HolidayRegion {
    if currency == "CNY" {
        HolidayRegion::China
    } else {
        HolidayRegion::Western
    }
}

fn millis(since: Instant) -> u32 {
    since.elapsed().as_millis().min(u128::from(u32::MAX)) as u32
}

fn epoch_date(day: i64) -> NaiveDate {
    date_of(i32::try_from(day).unwrap_or(0))
}

/// A monitor due for judging, with the days it has decided.
struct Due {
    monitor: MonitorRecord,
    decided: Vec<(NaiveDate, NaiveDate)>,
}

impl Due {
    fn plan(
        &self,
        w: Window,
        changed: &[(i64, i64)],
        explicit: Option<(NaiveDate, NaiveDate)>,
    ) -> DayPlan {
        if self.monitor.rejudge > 0 {
            DayPlan::rejudge(w)
        } else {
            DayPlan::new(w, &self.decided, changed, explicit)
        }
    }
}

fn empty_summary() -> DetectionSummary {
    DetectionSummary {
        from: None,
        to: None,
        monitors: 0,
        series: 0,
        found: 0,
        updated: 0,
        withdrawn: 0,
        millis: 0,
        load_millis: 0,
        rejudged_monitors: Vec::new(),
        missing_rates: Vec::new(),
    }
}

impl CloudLens {
    /// Runs detection. Without a range: the days no monitor has decided
    /// yet, the days imports or syncs changed since the last run, and every
    /// day of a monitor whose settings changed. One run at a time.
    pub fn detect_anomalies(
        &self,
        from: Option<&str>,
        to: Option<&str>,
        now: i64,
    ) -> Result<DetectionSummary, ApiError> {
        self.refuse_in_audit_mode()?;
        let _one_at_a_time = self.anomaly_work();
        let started = Instant::now();
        self.ensure_default_monitors(now)?;
        let reader = self.reader()?;
        let (spans, generation) = reader
            .lines()
            .consistent(|l| Ok::<_, ApiError>((l.run_spans()?, l.generation()?)))?;
        let runs = SeenRuns::of(&spans);
        let seen: Option<SeenRuns> = reader
            .anomalies()
            .last_detection()?
            .map(|l| from_json("detection run", &l.runs))
            .transpose()?;
        let mut write = DetectionWrite {
            at: now,
            record_run: true,
            generation,
            runs: to_json(&runs)?,
            ..DetectionWrite::default()
        };
        let mut summary = empty_summary();
        // The runs' day spans tell whether anything is due without loading
        // the lines; the judging itself uses the lines' own span.
        let first = spans.iter().map(|s| s.first_day).min();
        let last = spans.iter().map(|s| s.last_day).max();
        let (Some(first), Some(last)) = (first, last) else {
            self.writer()?.anomalies_mut().save_detection(&write)?;
            return Ok(summary);
        };
        let span_window = Window::between(epoch_date(first), epoch_date(last));
        let explicit = explicit_range(from, to, span_window.from, epoch_date(last))?;
        let changed = changed_spans(&runs, seen.as_ref());
        let mut due = Vec::new();
        for monitor in reader.anomalies().monitors()? {
            if monitor.monitor.muted {
                continue;
            }
            let decided: Vec<(NaiveDate, NaiveDate)> = reader
                .anomalies()
                .decided(monitor.id)?
                .iter()
                .map(|(a, b)| Ok((codec::day(a)?, codec::day(b)?)))
                .collect::<Result<_, ApiError>>()?;
            let d = Due { monitor, decided };
            if d.plan(span_window, &changed, explicit).any() {
                due.push(d);
            }
        }
        drop(reader);
        let loading = Instant::now();
        let lines_span = if due.is_empty() {
            None
        } else {
            let snapshot = self.explore_snapshot()?;
            let reader = self.reader()?;
            for d in &due {
                let m = metric(codec::parse_name(
                    "monitor metric",
                    &d.monitor.monitor.metric,
                )?);
                snapshot.metric(reader.lines(), m)?;
            }
            summary.load_millis = millis(loading);
            snapshot.day_span()
        };
        if let Some((first, last)) = lines_span {
            let window = Window::between(date_of(first), date_of(last));
            for d in due {
                let plan = d.plan(window, &changed, explicit);
                if !plan.any() {
                    continue;
                }
                let m = &d.monitor;
                let reason = if plan.rejudge {
                    "monitor_edited"
                } else {
                    "restated"
                };
                let judged = self.judge(m, &plan, &Only::default(), reason, now)?;
                summary.monitors += 1;
                summary.series += judged.series;
                summary.found += judged.found;
                summary.updated += judged.anomalies.len() as u32 - judged.found;
                summary.withdrawn += judged.withdrawn.len() as u32;
                summary
                    .missing_rates
                    .extend(judged.missing_rates.into_iter().map(|(to, series)| {
                        ThresholdRateGap {
                            monitor: m.monitor.name.clone(),
                            from: m.monitor.impact_currency.clone(),
                            to,
                            series,
                        }
                    }));
                if plan.rejudge {
                    summary.rejudged_monitors.push(m.monitor.name.clone());
                    write.rejudged.push((m.id, m.rejudge));
                }
                for (a, b) in plan.ranges() {
                    let (a, b) = (a.to_string(), b.to_string());
                    summary.from = Some(summary.from.map_or(a.clone(), |f| f.min(a.clone())));
                    summary.to = Some(summary.to.map_or(b.clone(), |t| t.max(b.clone())));
                    write.decided.push(DecidedRange {
                        monitor_id: m.id,
                        from: a,
                        to: b,
                    });
                }
                write.anomalies.extend(judged.anomalies);
                write.withdrawn.extend(judged.withdrawn);
            }
        }
        summary.millis = millis(started);
        write.from = summary.from.clone();
        write.to = summary.to.clone();
        write.monitors = i64::from(summary.monitors);
        write.millis = i64::from(summary.millis);
        write.notes = to_json(&summary.missing_rates)?;
        self.writer()?.anomalies_mut().save_detection(&write)?;
        Ok(summary)
    }
}

/// The range asked for, inside the data's span when one end is open.
fn explicit_range(
    from: Option<&str>,
    to: Option<&str>,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Option<(NaiveDate, NaiveDate)>, ApiError> {
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let a = from.map(|s| date("from", s)).transpose()?.unwrap_or(first);
    let b = to.map(|s| date("to", s)).transpose()?.unwrap_or(last);
    if a > b {
        return Err(invalid(format!(
            "range: expected from on or before to, got {a} to {b}"
        )));
    }
    Ok(Some((a, b)))
}
