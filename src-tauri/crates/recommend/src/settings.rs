//! The user's thresholds. Kept as JSON by the store; every field has a
//! default so settings saved by an older build still read.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A project whose resources should no longer be billed after `ended_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndedProject {
    /// Tag key, matched without regard to case (`project`, `Project`).
    pub tag_key: String,
    pub tag_value: String,
    pub ended_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// An instance whose CPU p95 stays under this (percent) is idle.
    pub idle_cpu_percent: f64,
    /// Days of utilisation the idle test reads.
    pub idle_lookback_days: u32,
    /// Days of utilisation rightsizing reads (14 to 30).
    pub rightsize_lookback_days: u32,
    /// Fewest days with samples before rightsizing says anything.
    pub rightsize_min_days: u32,
    /// CPU p95 (percent) the smaller size must stay under.
    pub rightsize_target_cpu_percent: f64,
    /// Memory p95 (percent) the smaller size must stay under.
    pub rightsize_target_memory_percent: f64,
    /// Days of pay-as-you-go spend a commitment baseline is read from.
    pub commitment_lookback_days: u32,
    /// Smallest monthly saving worth listing, in any billing currency.
    /// Renewals and findings without an estimate are listed regardless.
    pub min_monthly_saving: Decimal,
    /// Subscriptions expiring within this many days are listed.
    pub renewal_horizon_days: u32,
    /// A negotiated discount falling by at least this many percentage
    /// points from one month to the next is listed.
    pub discount_drop_points: Decimal,
    pub ended_projects: Vec<EndedProject>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            idle_cpu_percent: 5.0,
            idle_lookback_days: 14,
            rightsize_lookback_days: 30,
            rightsize_min_days: 14,
            rightsize_target_cpu_percent: 60.0,
            rightsize_target_memory_percent: 75.0,
            commitment_lookback_days: 30,
            min_monthly_saving: Decimal::TEN,
            renewal_horizon_days: 90,
            discount_drop_points: Decimal::ONE,
            ended_projects: Vec::new(),
        }
    }
}

/// Why settings were refused, naming the field and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsError {
    pub field: &'static str,
    pub expected: &'static str,
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "setting {}: expected {}", self.field, self.expected)
    }
}

impl std::error::Error for SettingsError {}

impl Settings {
    pub fn validate(&self) -> Result<(), SettingsError> {
        let err = |field, expected| Err(SettingsError { field, expected });
        let percent = |v: f64| v.is_finite() && v > 0.0 && v <= 100.0;
        if !percent(self.idle_cpu_percent) {
            return err("idle_cpu_percent", "a percentage above 0 and at most 100");
        }
        if !(7..=90).contains(&self.idle_lookback_days) {
            return err("idle_lookback_days", "7 to 90 days");
        }
        if !(14..=30).contains(&self.rightsize_lookback_days) {
            return err("rightsize_lookback_days", "14 to 30 days");
        }
        if self.rightsize_min_days < 7 || self.rightsize_min_days > self.rightsize_lookback_days {
            return err(
                "rightsize_min_days",
                "at least 7 and at most rightsize_lookback_days",
            );
        }
        if !percent(self.rightsize_target_cpu_percent) {
            return err(
                "rightsize_target_cpu_percent",
                "a percentage above 0 and at most 100",
            );
        }
        if !percent(self.rightsize_target_memory_percent) {
            return err(
                "rightsize_target_memory_percent",
                "a percentage above 0 and at most 100",
            );
        }
        if !(14..=90).contains(&self.commitment_lookback_days) {
            return err("commitment_lookback_days", "14 to 90 days");
        }
        if self.min_monthly_saving.is_sign_negative() {
            return err("min_monthly_saving", "zero or more");
        }
        if !(1..=366).contains(&self.renewal_horizon_days) {
            return err("renewal_horizon_days", "1 to 366 days");
        }
        if self.discount_drop_points <= Decimal::ZERO {
            return err("discount_drop_points", "more than zero percentage points");
        }
        if self
            .ended_projects
            .iter()
            .any(|p| p.tag_key.trim().is_empty() || p.tag_value.trim().is_empty())
        {
            return err("ended_projects", "a tag key and value for every project");
        }
        Ok(())
    }

    /// Days of bills the engine needs before its last day: enough for every
    /// lookback, and twice the commitment lookback so a drop can be seen.
    pub fn bill_days(&self) -> u32 {
        (self.commitment_lookback_days * 2)
            .max(self.rightsize_lookback_days)
            .max(self.idle_lookback_days)
            .max(62)
    }
}
