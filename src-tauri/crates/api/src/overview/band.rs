//! The Overview's daily charts with the forecast of each currency's total
//! after them: asked for after the Overview is on screen, since a forecast
//! (with its backtest) takes far longer than the Overview's sums.

use chrono::Duration;

use crate::forecast::overlay::overlay;
use crate::{
    ApiError, CloudLens, CostMetric, ExploreMetric, ForecastOverlay, ForecastQuery, Locale,
};

impl CloudLens {
    pub fn overview_forecast(
        &self,
        cost: CostMetric,
        display_currency: Option<&str>,
        locale: Locale,
    ) -> Result<Vec<ForecastOverlay>, ApiError> {
        let view = self.overview(cost, display_currency, locale)?;
        let Some(as_of) = view.as_of.as_deref() else {
            return Ok(Vec::new());
        };
        let after = crate::explore::convert::date("as_of", as_of)? + Duration::days(1);
        let forecasts = self.scope_forecasts(
            ForecastQuery {
                group_by: Vec::new(),
                filters: Vec::new(),
                metric: match cost {
                    CostMetric::Billed => ExploreMetric::Billed,
                    CostMetric::Effective => ExploreMetric::Effective,
                },
                display_currency: display_currency.map(str::to_string),
                as_of: Some(after.to_string()),
                horizon: None,
                rules_version: None,
                apply_shared_costs: false,
            },
            locale,
        )?;
        let mut out = Vec::with_capacity(view.currencies.len());
        for c in &view.currencies {
            if let Some(f) = forecasts.iter().find(|f| f.currency == c.currency) {
                out.push(overlay(&c.daily_chart, f.clone(), locale)?);
            }
        }
        Ok(out)
    }
}
