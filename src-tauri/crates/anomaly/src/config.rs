//! The detector's settings: a monitor's thresholds (money and percent, both
//! required) and the model's constants, tuned on the benchmark's tuning
//! seeds (`bench`), never on the held-out ones.

/// What a monitor reports. Money is in the series' own currency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// An anomaly is reported once its impact (actual − expected) averages
    /// at least this amount per day over its days…
    pub min_impact: f64,
    /// …and its impact is at least this percentage of the expected spend.
    pub min_percent: f64,
    /// Report falls (spend well below expected) too.
    pub falls: bool,
    /// Report spend that starts where there was none ("new").
    pub new_spend: bool,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            min_impact: 100.0,
            min_percent: 20.0,
            falls: false,
            new_spend: true,
        }
    }
}

/// Model constants. Windows are in days and only ever look back, so a day's
/// verdict depends on a bounded stretch of its own past.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// Usable days whose median gives the level…
    pub level_days: usize,
    /// …looked for this many days back at most (twice that for the trend).
    pub level_reach: usize,
    /// Usable days the level needs (fewer: no verdict).
    pub level_min: usize,
    /// Share of a trend extrapolation that is kept.
    pub trend_damp: f64,
    /// Largest trend adjustment, as a share of the level.
    pub trend_cap: f64,
    /// Days over which weekday factors are estimated.
    pub weekly_days: usize,
    /// Days of one-step errors the noise scale comes from.
    pub sigma_days: usize,
    /// Samples the noise scale needs; fewer use `sigma_fallback`.
    pub sigma_min_samples: usize,
    pub sigma_floor: f64,
    pub sigma_fallback: f64,
    /// How far back earlier occurrences of a recurring charge day are looked for.
    pub charge_lookback: usize,
    /// Earlier occurrences used (most recent first).
    pub charge_occurrences: usize,
    /// Relative spread assumed for a recurring charge never seen before.
    pub unknown_charge: f64,
    /// Noise widening on public holidays, whose effect is assumed, not learned.
    pub holiday_widen: f64,
    /// Robust z-score that opens an anomaly…
    pub z_open: f64,
    /// …and that continues an open one.
    pub z_cont: f64,
    /// Days a series needs before any verdict.
    pub min_history: usize,
    /// Share of zero days above which a series is modelled as sparse.
    pub sparse_zero_share: f64,
    /// Days without spend before spend counts as new.
    pub new_quiet_days: usize,
    /// Days a "new" anomaly covers at most.
    pub new_days: usize,
    /// Longest anomaly; a longer change has become the level by then.
    pub max_days: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            level_days: 14,
            level_reach: 60,
            level_min: 5,
            trend_damp: 0.5,
            trend_cap: 0.1,
            weekly_days: 56,
            sigma_days: 84,
            sigma_min_samples: 10,
            sigma_floor: 0.02,
            sigma_fallback: 0.15,
            charge_lookback: 100,
            charge_occurrences: 3,
            unknown_charge: 1.0,
            holiday_widen: 1.5,
            z_open: 5.0,
            z_cont: 2.5,
            min_history: 14,
            sparse_zero_share: 0.4,
            new_quiet_days: 28,
            new_days: 7,
            max_days: 31,
        }
    }
}
