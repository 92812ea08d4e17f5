//! How demand moves through time: compound growth, the weekly cycle, office
//! hours for dev machines, and day-to-day noise. Everything is integer ppm
//! arithmetic so every platform produces the same quantities.

use crate::catalog::Kind;
use crate::fixed::POW10;
use crate::naming::Env;
use crate::rng::jitter_ppm;

const PPM: u64 = 1_000_000;

/// Growth factor (ppm of the window's first day) for each day, compounding a
/// monthly rate in basis points day by day.
pub fn growth_table(days: u32, monthly_bp: i64) -> Vec<u32> {
    let daily = monthly_bp as u64 * 10_000_000 / 3044; // per 1e9, 30.44-day month
    let mut f: u64 = 1_000_000_000;
    (0..days)
        .map(|_| {
            let v = (f / 1000) as u32;
            f = f * (1_000_000_000 + daily) / 1_000_000_000;
            v
        })
        .collect()
}

/// Weekend demand relative to weekdays: dev and test go quiet, batch work
/// pauses, production follows its audience.
fn weekend_ppm(env: Env, kind: Kind, prod_weekend: u64) -> u64 {
    match (env, kind) {
        (Env::Prod, Kind::Batch) => 700_000,
        (Env::Prod, Kind::Fleet) => (prod_weekend * 92 / 100).max(600_000),
        (Env::Prod, _) => prod_weekend,
        (Env::Staging, Kind::Fleet) => 500_000,
        (Env::Staging, _) => 350_000,
        (Env::Dev, Kind::Fleet) => 300_000,
        (Env::Dev, _) => 200_000,
    }
}

fn apply(v: u64, ppm: u64) -> u64 {
    v * ppm / PPM
}

/// Everything about a meter that decides its daily quantity.
pub struct Demand {
    pub kind: Kind,
    /// Whole units per day (hours for Hours, GB for disks and storage).
    pub base: u64,
    pub qs: u32,
    pub env: Env,
    pub prod_weekend: u64,
}

/// Inputs that vary by day.
pub struct Day {
    pub weekend: bool,
    /// Days in the calendar month, for per-month units.
    pub dim: u32,
    pub growth: u64,
    pub storage_growth: u64,
    /// Per-meter-per-day hash for noise.
    pub h: u64,
    /// Planted anomaly multiplier (ppm), 1e6 when none.
    pub anomaly: u64,
}

/// Quantity mantissa at scale `qs`; always at least one unit of the last place.
pub fn quantity(d: &Demand, day: &Day) -> i64 {
    let unit = POW10[d.qs as usize] as u64;
    let v = d.base * unit;
    let weekly = if day.weekend {
        weekend_ppm(d.env, d.kind, d.prod_weekend)
    } else {
        PPM
    };
    let q = match d.kind {
        Kind::Hours => match d.env {
            // Office-hours scheduler, with someone logging in at weekends.
            Env::Dev => {
                v * if day.weekend {
                    2 + day.h % 3
                } else {
                    10 + day.h % 5
                } / 24
            }
            _ => v,
        },
        Kind::Flat => v,
        Kind::DiskHour => v * 24,
        Kind::DiskMonth => (v + u64::from(day.dim) / 2) / u64::from(day.dim),
        Kind::ObjectHour => apply(apply(v * 24, day.storage_growth), jitter_ppm(day.h, 4_000)),
        Kind::ObjectMonth => {
            apply(apply(v, day.storage_growth), jitter_ppm(day.h, 4_000)) / u64::from(day.dim)
        }
        Kind::Fleet => apply(
            apply(apply(v, day.growth), weekly),
            jitter_ppm(day.h, 60_000),
        ),
        Kind::Traffic | Kind::Requests | Kind::Batch => {
            let amp = match d.kind {
                Kind::Traffic => 150_000,
                Kind::Requests => 100_000,
                _ => 350_000,
            };
            apply(
                apply(apply(apply(v, day.growth), weekly), jitter_ppm(day.h, amp)),
                day.anomaly,
            )
        }
    };
    q.max(1) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_compounds_to_a_few_percent_a_month() {
        let g = growth_table(366, 250);
        assert_eq!(g[0], 1_000_000);
        let year = g[365];
        // 2.5%/month over twelve months is about +34%.
        assert!((1_320_000..1_360_000).contains(&year), "{year}");
    }

    #[test]
    fn dev_hours_dip_at_weekends() {
        let d = Demand {
            kind: Kind::Hours,
            base: 24,
            qs: 0,
            env: Env::Dev,
            prod_weekend: PPM,
        };
        let mut day = Day {
            weekend: false,
            dim: 30,
            growth: PPM,
            storage_growth: PPM,
            h: 7,
            anomaly: PPM,
        };
        let weekday = quantity(&d, &day);
        day.weekend = true;
        assert!(quantity(&d, &day) < weekday / 2);
    }
}
