//! Savings recommendations from the store: one run computes every finding
//! from the inventory, utilisation and bills (`cloudlens-recommend`),
//! merges them into the kept ones (new opened, known updated, stale closed)
//! and measures the realised saving of done ones; the list, a detail with
//! its utilisation chart and history, status changes, settings and export
//! read what is kept.

mod bench;
mod commands;
mod convert;
mod demo_inventory;
mod export;
mod gather;
mod rank;
pub(crate) mod session;
pub(crate) mod views;

use chrono::NaiveDate;
use cloudlens_recommend::{Catalog, Measure, Recommendation, Settings};
use cloudlens_store::{
    AuditAction, AuditRecord, RecStatus, RecommendationError, RecommendationRecord,
};
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use crate::{ApiError, ChartView, CloudLens, ErrorCode, Locale};
use views::*;

pub use bench::RecommendationBench;
pub(crate) use demo_inventory::{remove_demo_inventory, write_demo_inventory};

impl From<RecommendationError> for ApiError {
    fn from(e: RecommendationError) -> Self {
        match e {
            RecommendationError::Store(s) => s.into(),
            other => ApiError::new(ErrorCode::InvalidInput, other.to_string()),
        }
    }
}

fn catalog() -> Result<&'static Catalog, ApiError> {
    Catalog::shipped().map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))
}

fn record(r: &Recommendation) -> Result<RecommendationRecord, ApiError> {
    Ok(RecommendationRecord {
        id: r.id.clone(),
        kind: r.kind.as_str().to_string(),
        finding: r.finding.as_str().to_string(),
        provider: r.provider.clone(),
        billing_account: r.billing_account.clone(),
        region: r.region.clone(),
        resource: r.resource.clone(),
        currency: r.currency.clone(),
        monthly_saving: r.monthly_saving,
        confidence: r.confidence,
        fingerprint: r.fingerprint.clone(),
        payload: json(r)?,
        baseline_monthly: r.baseline_monthly,
        measure: json(&r.measure)?,
    })
}

/// The UTC day of `now` (Unix seconds): the day a refresh reads up to.
pub(crate) fn today_of(now: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.date_naive())
        .unwrap_or_default()
}

impl CloudLens {
    /// Computes every recommendation the store supports as of `today`,
    /// merges them into the kept ones at `now` and measures the realised
    /// saving of the done ones.
    pub fn refresh_recommendations(
        &self,
        today: NaiveDate,
        now: i64,
    ) -> Result<RefreshSummary, ApiError> {
        // Audit mode shows the recommendations as they were last kept.
        if self.is_audit_mode() {
            return Ok(RefreshSummary::default());
        }
        let (settings, g) = self.recommendation_inputs(today)?;
        let found = cloudlens_recommend::recommend(&g.inputs(), &settings, catalog()?);
        self.keep_recommendations(now, &g, &found)
    }

    pub(crate) fn recommendation_inputs(
        &self,
        today: NaiveDate,
    ) -> Result<(Settings, gather::Gathered), ApiError> {
        let r = self.reader()?;
        let settings = gather::settings(&r)?;
        let g = gather::gather(&r, today, &settings)?;
        Ok((settings, g))
    }

    pub(crate) fn keep_recommendations(
        &self,
        now: i64,
        g: &gather::Gathered,
        found: &[Recommendation],
    ) -> Result<RefreshSummary, ApiError> {
        let records = found.iter().map(record).collect::<Result<Vec<_>, _>>()?;
        let mut store = self.writer()?;
        let outcome = store
            .recommendations_mut()
            .refresh(now, &records, &g.live())?;
        let mut measured = 0;
        for kept in store.recommendations().all()? {
            let (RecStatus::Done, Some(done_at), false) =
                (kept.status, kept.done_at, kept.realised_complete)
            else {
                continue;
            };
            let measure: Measure = serde_json::from_str(&kept.record.measure).map_err(|e| {
                ApiError::new(
                    ErrorCode::Storage,
                    format!(
                        "recommendation {}: its kept measure does not read: {e}",
                        kept.record.id
                    ),
                )
            })?;
            let Some(done_on) = cloudlens_model::utc_day(done_at) else {
                continue;
            };
            if let Some(r) = cloudlens_recommend::realised_saving(
                &g.inputs(),
                catalog()?,
                &measure,
                kept.record.baseline_monthly,
                done_on,
            ) {
                store.recommendations_mut().record_realised(
                    &kept.record.id,
                    r.saving,
                    r.days,
                    r.complete,
                )?;
                measured += 1;
            }
        }
        Ok(RefreshSummary {
            found: records.len() as u32,
            created: outcome.created,
            updated: outcome.updated,
            changed: outcome.changed,
            reopened: outcome.reopened,
            closed: outcome.closed,
            measured,
        })
    }

    /// The kept recommendations that pass `query`, highest saving first (in
    /// the display currency where a rate converts it), with totals.
    pub fn recommendations(
        &self,
        query: &RecommendationQuery,
        locale: Locale,
    ) -> Result<RecommendationList, ApiError> {
        let reader = self.reader()?;
        let mut items = Vec::new();
        for kept in reader.recommendations().all()? {
            let v = convert::view(&kept, locale)?;
            if convert::matches(&v, query) {
                items.push(v);
            }
        }
        let as_of = reader.lines().latest_day()?;
        let saving =
            |v: &RecommendationView| v.monthly_saving.parse::<Decimal>().unwrap_or_default();
        let open = |v: &RecommendationView| {
            matches!(
                v.status,
                RecommendationStatus::Open | RecommendationStatus::Accepted
            )
        };
        let (mut display_potential, mut missing_rates) = (None, Vec::new());
        if let (Some(to), Some(day)) = (query.display_currency.as_deref(), as_of) {
            let rates = self.rate_table()?;
            let day = cloudlens_explore::day_number(day);
            let mut sum = Decimal::ZERO;
            for v in &mut items {
                match rates.rate(day, &v.currency, to) {
                    Some(rate) => {
                        let shown = cloudlens_recommend::cents(saving(v) * rate);
                        if open(v) {
                            sum += shown;
                        }
                        v.display_saving = Some(shown.to_string());
                    }
                    None if !missing_rates.contains(&v.currency) => {
                        missing_rates.push(v.currency.clone())
                    }
                    None => {}
                }
            }
            display_potential = Some(sum.to_string());
        }
        rank::rank(&mut items);
        let potential = || items.iter().filter(|v| open(v));
        let realised = || {
            items.iter().filter_map(|v| {
                let r = v.realised_saving.as_deref()?.parse::<Decimal>().ok()?;
                Some((v, r))
            })
        };
        Ok(RecommendationList {
            as_of: as_of.map(|d| d.to_string()),
            potential_by_kind: convert::totals(
                potential().map(|v| (convert::kind_name(v.kind), v.currency.as_str(), saving(v))),
            ),
            potential_by_provider: convert::totals(
                potential().map(|v| (v.provider.as_str(), v.currency.as_str(), saving(v))),
            ),
            realised_by_kind: convert::totals(
                realised().map(|(v, r)| (convert::kind_name(v.kind), v.currency.as_str(), r)),
            ),
            realised_by_provider: convert::totals(
                realised().map(|(v, r)| (v.provider.as_str(), v.currency.as_str(), r)),
            ),
            display_potential,
            missing_rates,
            items,
        })
    }

    /// One recommendation with its utilisation chart and history.
    pub fn recommendation_detail(
        &self,
        id: &str,
        locale: Locale,
    ) -> Result<RecommendationDetail, ApiError> {
        let reader = self.reader()?;
        let kept = reader.recommendations().get(id)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::InvalidInput,
                format!("no recommendation with id {id}"),
            )
        })?;
        let r = convert::payload(&kept)?;
        let chart = match r
            .evidence
            .utilisation
            .as_ref()
            .filter(|u| !u.series.is_empty())
        {
            None => None,
            Some(u) => {
                let dec = |x: f64| Decimal::from_f64(x).unwrap_or_default().round_dp(1);
                let days: Vec<NaiveDate> = u.series.iter().map(|p| p.day).collect();
                let cpu = u.series.iter().map(|p| dec(p.cpu)).collect();
                let memory = u
                    .series
                    .iter()
                    .map(|p| p.memory.map(dec))
                    .collect::<Option<Vec<Decimal>>>();
                let chart = cloudlens_charts::utilisation_chart(
                    &days,
                    cpu,
                    memory,
                    dec(u.threshold),
                    &views::chart_labels(locale),
                    cloudlens_charts::DAILY_SIZE,
                )
                .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
                Some(ChartView::of(chart))
            }
        };
        Ok(RecommendationDetail {
            item: convert::view(&kept, locale)?,
            chart,
            history: reader
                .recommendations()
                .history(id)?
                .iter()
                .map(convert::event)
                .collect(),
        })
    }

    /// A user's status change, recorded with who made it and when.
    pub fn set_recommendation_status(
        &self,
        id: &str,
        status: RecommendationStatus,
        note: Option<&str>,
        who: &str,
        now: i64,
    ) -> Result<(), ApiError> {
        let to = convert::store_status(status);
        self.change(|store| {
            let before = store.recommendations().get(id)?.map(|r| r.status.as_str());
            store
                .recommendations_mut()
                .set_status(id, to, note, who, now)?;
            let mut record = AuditRecord::new(AuditAction::RecommendationStatus, id);
            record.before = before.map(str::to_string);
            record.after = Some(match note {
                Some(n) => format!("{}: {n}", to.as_str()),
                None => to.as_str().to_string(),
            });
            Ok(((), Some(record)))
        })
    }

    /// The discount analysis of the last `months` months (the current one included).
    pub fn discount_analysis(&self, months: u32) -> Result<Vec<DiscountRowView>, ApiError> {
        let reader = self.reader()?;
        let Some(last) = reader.lines().latest_day()? else {
            return Ok(Vec::new());
        };
        let mut from = cloudlens_model::month_start(last);
        for _ in 1..months.max(1) {
            from = cloudlens_model::month_start(from - chrono::Duration::days(1));
        }
        let rows = gather::discounts(&reader, from, last + chrono::Duration::days(1))?;
        let d = |x: Decimal| x.to_string();
        Ok(cloudlens_recommend::discount_analysis(&rows)
            .into_iter()
            .map(|r| DiscountRowView {
                provider: r.provider,
                billing_account: r.billing_account,
                service: r.service,
                currency: r.currency,
                month: r.point.month,
                list: d(r.point.list),
                contracted: d(r.point.contracted),
                effective: d(r.point.effective),
                negotiated_rate: r.point.negotiated_rate.map(d),
                effective_rate: r.point.effective_rate.map(d),
                no_discount: r.no_discount,
                rate_change: r.rate_change.map(d),
            })
            .collect())
    }

    pub fn recommendation_settings(&self) -> Result<RecommendationSettingsView, ApiError> {
        let s = gather::settings(&*self.reader()?)?;
        Ok(RecommendationSettingsView {
            idle_cpu_percent: s.idle_cpu_percent,
            idle_lookback_days: s.idle_lookback_days,
            rightsize_lookback_days: s.rightsize_lookback_days,
            rightsize_min_days: s.rightsize_min_days,
            rightsize_target_cpu_percent: s.rightsize_target_cpu_percent,
            rightsize_target_memory_percent: s.rightsize_target_memory_percent,
            commitment_lookback_days: s.commitment_lookback_days,
            min_monthly_saving: s.min_monthly_saving.to_string(),
            renewal_horizon_days: s.renewal_horizon_days,
            discount_drop_points: s.discount_drop_points.to_string(),
            ended_projects: s
                .ended_projects
                .iter()
                .map(|p| EndedProjectView {
                    tag_key: p.tag_key.clone(),
                    tag_value: p.tag_value.clone(),
                    ended_on: p.ended_on.to_string(),
                })
                .collect(),
        })
    }

    /// Validates and keeps the user's thresholds; the next refresh uses them.
    pub fn save_recommendation_settings(
        &self,
        v: &RecommendationSettingsView,
    ) -> Result<(), ApiError> {
        let invalid = |m: String| ApiError::new(ErrorCode::InvalidInput, m);
        let dec = |field: &str, s: &str| {
            s.trim().parse::<Decimal>().map_err(|_| {
                invalid(format!(
                    "setting {field}: expected a decimal number, got {s:?}"
                ))
            })
        };
        let mut ended = Vec::new();
        for (i, p) in v.ended_projects.iter().enumerate() {
            let ended_on = NaiveDate::parse_from_str(&p.ended_on, "%Y-%m-%d").map_err(|_| {
                invalid(format!(
                    "setting ended_projects[{i}].ended_on: expected YYYY-MM-DD, got {:?}",
                    p.ended_on
                ))
            })?;
            ended.push(cloudlens_recommend::EndedProject {
                tag_key: p.tag_key.clone(),
                tag_value: p.tag_value.clone(),
                ended_on,
            });
        }
        let s = Settings {
            idle_cpu_percent: v.idle_cpu_percent,
            idle_lookback_days: v.idle_lookback_days,
            rightsize_lookback_days: v.rightsize_lookback_days,
            rightsize_min_days: v.rightsize_min_days,
            rightsize_target_cpu_percent: v.rightsize_target_cpu_percent,
            rightsize_target_memory_percent: v.rightsize_target_memory_percent,
            commitment_lookback_days: v.commitment_lookback_days,
            min_monthly_saving: dec("min_monthly_saving", &v.min_monthly_saving)?,
            renewal_horizon_days: v.renewal_horizon_days,
            discount_drop_points: dec("discount_drop_points", &v.discount_drop_points)?,
            ended_projects: ended,
        };
        s.validate().map_err(|e| invalid(e.to_string()))?;
        let json = json(&s)?;
        self.set_setting(gather::SETTINGS_KEY, Some(&json))
    }
}
