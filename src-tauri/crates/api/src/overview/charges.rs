//! The Overview with charge types hidden or period charges spread. The daily
//! rollup keeps neither the charge type nor the charge period, so these rows
//! come from the explorer's snapshot instead, in the rollup's shape (string
//! ids and names interned here), and everything after (totals, conversion,
//! charts, rankings) is the same code either way.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use cloudlens_explore as engine;
use cloudlens_store::{LineColumn, RollupRow, StoreError};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::{ApiError, CloudLens, ErrorCode};

/// Which charges the Overview shows and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct OverviewCharges {
    /// Charge types left out: `usage`, `purchase`, `tax`, `credit`, `adjustment`.
    pub hidden: Vec<String>,
    /// Spread charges covering several days over those days (to the cent).
    pub spread_periods: bool,
}

impl OverviewCharges {
    pub fn is_plain(&self) -> bool {
        self.hidden.is_empty() && !self.spread_periods
    }

    fn check(&self) -> Result<(), ApiError> {
        match self
            .hidden
            .iter()
            .find(|h| !engine::CHARGE_TYPES.contains(&h.as_str()))
        {
            Some(h) => Err(ApiError::new(
                ErrorCode::InvalidInput,
                format!(
                    "hidden charge types: expected some of {}, got {h:?}",
                    engine::CHARGE_TYPES.join(", ")
                ),
            )),
            None => Ok(()),
        }
    }
}

/// Rows in the rollup's shape, the names of their string ids, and account
/// display names by account id.
pub(super) struct Rows {
    pub rows: Vec<RollupRow>,
    pub names: HashMap<i64, String>,
    pub accounts: HashMap<i64, String>,
}

#[derive(Default)]
struct Interner {
    ids: HashMap<Arc<str>, i64>,
    names: HashMap<i64, String>,
}

impl Interner {
    fn id(&mut self, s: &Arc<str>) -> i64 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.ids.len() as i64 + 1;
        self.ids.insert(s.clone(), id);
        self.names.insert(id, s.to_string());
        id
    }
}

impl CloudLens {
    pub(super) fn overview_rows(
        &self,
        window: (NaiveDate, NaiveDate),
        metric: LineColumn,
        charges: &OverviewCharges,
    ) -> Result<Rows, ApiError> {
        charges.check()?;
        let mut reloaded = false;
        let (snapshot, day_rows) = loop {
            let snapshot = self.explore_snapshot()?;
            let reader = self.reader()?;
            let got = snapshot.day_rows(
                reader.lines(),
                window,
                metric,
                &charges.hidden,
                charges.spread_periods,
            );
            match got {
                Ok(rows) => break (snapshot, rows),
                Err(StoreError::Changed) if !reloaded => reloaded = true,
                Err(e) => return Err(e.into()),
            }
        };
        let mut strings = Interner::default();
        let mut accounts = HashMap::new();
        let mut rows = Vec::with_capacity(day_rows.len());
        for r in day_rows {
            let Some(d) = snapshot.dims.get(r.dims as usize) else {
                continue;
            };
            let nanos = i64::try_from(r.nanos).map_err(|_| {
                ApiError::new(
                    ErrorCode::Internal,
                    "a day's sum is beyond the rollup's range",
                )
            })?;
            let (account, name) = match &d.sub_account_id {
                Some(sub) => (strings.id(sub), d.sub_account_name.clone()),
                None => (
                    strings.id(&d.billing_account_id),
                    d.billing_account_name.clone(),
                ),
            };
            if let Some(name) = name {
                accounts.insert(account, name.to_string());
            }
            rows.push(RollupRow {
                day: i64::from(r.day),
                currency: strings.id(&d.billing_currency),
                provider: strings.id(&d.provider),
                billing_account: strings.id(&d.billing_account_id),
                account,
                service: strings.id(&d.service_name),
                nanos,
            });
        }
        Ok(Rows {
            rows,
            names: strings.names,
            accounts,
        })
    }
}
