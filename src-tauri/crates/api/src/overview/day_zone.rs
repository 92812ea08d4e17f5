//! The time zone days and months are counted in. The store keys its daily
//! rollup in it, the explorer's snapshot sorts lines by its days, and so
//! the Overview, the Explorer, forecasts, anomalies and `cloudlens summary`
//! agree. A script may read one command in another zone (`use_day_zone`)
//! without changing the store.

use cloudlens_model::DayZone;
use cloudlens_store::{AuditAction, AuditRecord};

use crate::{ApiError, CloudLens, DayZoneChoice, DayZoneView, ErrorCode};

fn view(z: &DayZone) -> DayZoneView {
    DayZoneView {
        zone: z.zone_name().to_string(),
        provider_zones: z.provider_zones(),
    }
}

fn parse(v: &DayZoneView) -> Result<DayZone, ApiError> {
    DayZone::new(&v.zone, v.provider_zones)
        .map_err(|e| ApiError::new(ErrorCode::InvalidInput, e.to_string()))
}

impl CloudLens {
    pub fn day_zone(&self) -> Result<DayZoneChoice, ApiError> {
        let zone = self.reader()?.lines().day_zone()?;
        Ok(DayZoneChoice {
            current: view(&zone),
            zones: DayZone::zone_names().map(str::to_string).collect(),
        })
    }

    pub fn set_day_zone(&self, zone: &DayZoneView) -> Result<DayZoneView, ApiError> {
        let zone = parse(zone)?;
        self.change(|store| {
            let before = store.lines().chosen_day_zone()?;
            store.lines_mut().set_day_zone(zone)?;
            let after = view(&zone);
            let record = AuditRecord::new(AuditAction::SettingSet, "day_zone").after(format!(
                "{} (provider zones {})",
                after.zone, after.provider_zones
            ));
            Ok((
                after,
                Some(match before {
                    Some(b) => record.before(format!(
                        "{} (provider zones {})",
                        b.zone_name(),
                        b.provider_zones()
                    )),
                    None => record,
                }),
            ))
        })
    }

    /// A store that never chose a zone takes the system's, with providers'
    /// own zones followed: run when a session opens the store. A system zone
    /// the database does not know (an unusual `TZ`) counts in UTC instead,
    /// which the Settings page then shows.
    pub(crate) fn default_day_zone(&self, system_zone: &str) -> Result<(), ApiError> {
        if self.is_audit_mode() || self.reader()?.lines().chosen_day_zone()?.is_some() {
            return Ok(());
        }
        let zone = DayZone::new(system_zone, true)
            .or_else(|_| DayZone::new("UTC", true))
            .map_err(|e| ApiError::new(ErrorCode::Internal, e.to_string()))?;
        self.writer()?.lines_mut().set_day_zone(zone)?;
        Ok(())
    }

    /// Reads this handle's summary and explorer queries in `zone`, whatever
    /// the store's setting (the CLI's `--time-zone`). Set once, before the
    /// first explorer query.
    pub fn use_day_zone(&self, zone: &str) -> Result<(), ApiError> {
        let zone: DayZone = zone.parse().map_err(|e: cloudlens_model::UnknownZone| {
            ApiError::new(ErrorCode::InvalidInput, format!("--time-zone: {e}"))
        })?;
        self.view_zone
            .set(zone)
            .map_err(|_| ApiError::new(ErrorCode::Internal, "the day zone was already chosen"))
    }

    /// The zone this handle reads days in, when it is not the store's.
    pub(crate) fn view_zone(&self) -> Option<DayZone> {
        self.view_zone.get().copied()
    }
}
