//! The labelled benchmark: worlds of synthetic daily cost data with planted
//! anomalies (`world`), our detector and the rolling mean + 2σ reference
//! (`rolling`) run on every scope, and both scored the same way (`score`).
//! Tuning uses one set of seeds, reporting another.

mod rng;
mod rolling;
mod score;
pub mod world;

use cloudlens_calendar::Calendar;

pub use score::Figures;

use crate::{Detector, Params, SeriesInput, Thresholds};

pub struct Report {
    pub seeds: Vec<u64>,
    pub scopes: usize,
    pub planted: usize,
    pub ours: Figures,
    pub reference: Figures,
}

/// Runs both detectors over the worlds of `seeds`; `thresholds` are in USD.
pub fn run(seeds: &[u64], params: Params, thresholds: Thresholds) -> Report {
    let cal = Calendar::new();
    let detector = Detector::new(params);
    let mut report = Report {
        seeds: seeds.to_vec(),
        scopes: 0,
        planted: 0,
        ours: Figures::default(),
        reference: Figures::default(),
    };
    for &seed in seeds {
        let w = world::generate(seed, &cal);
        report.planted += w.planted.len();
        for (i, scope) in w.scopes.iter().enumerate() {
            report.scopes += 1;
            let y = scope.total();
            let th = Thresholds {
                min_impact: thresholds.min_impact * scope.rate,
                ..thresholds
            };
            let input = SeriesInput {
                start: w.start,
                values: &y,
                region: scope.region,
                covered_from: w.start,
                learned: &[],
                impact_scale: None,
            };
            let case = score::ScopeCase {
                start: w.start,
                scope,
                y: &y,
                planted: w.planted.iter().filter(|p| p.scope == i).collect(),
                min_impact: th.min_impact,
                min_percent: th.min_percent,
            };
            report.ours.add(&case.score(&detector.detect(&input, &th)));
            let info = detector.days(&input);
            report
                .reference
                .add(&case.score(&rolling::detect(&y, &info, &th)));
        }
    }
    report
}

fn row(name: &str, f: &Figures) -> String {
    format!(
        "{name:<22} {:>9.3} {:>7.3} {:>6.3} {:>8} {:>12.2} {:>11.1}% {:>6}/{:<4} {:>5}/{:<5}",
        f.precision(),
        f.recall(),
        f.f1(),
        f.median_delay().map_or("-".into(), |d| format!("{d:.1}")),
        f.false_alarms_per_100_scope_months(),
        f.root_cause_rate() * 100.0,
        f.found_above,
        f.planted_above,
        f.false_alarms,
        f.findings,
    )
}

impl Report {
    pub fn table(&self) -> String {
        let seeds: Vec<String> = self.seeds.iter().map(u64::to_string).collect();
        let clean_months = self.ours.clean_days as f64 / 30.44;
        format!(
            "seeds {} — {} scopes, {} planted anomalies ({} above both thresholds, {} below), {:.0} clean scope-months\n\
             {:<22} {:>9} {:>7} {:>6} {:>8} {:>12} {:>12} {:>11} {:>11}\n{}\n{}\n\
             below-threshold planted reported: ours {}/{}, rolling {}/{}",
            seeds.join(","),
            self.scopes,
            self.planted,
            self.ours.planted_above,
            self.ours.planted_below,
            clean_months,
            "detector",
            "precision",
            "recall",
            "F1",
            "days→det",
            "FA/100 s-m",
            "cause first",
            "found",
            "FA/findings",
            row("cloudlens", &self.ours),
            row("rolling mean + 2σ", &self.reference),
            self.ours.reported_below,
            self.ours.planted_below,
            self.reference.reported_below,
            self.reference.planted_below,
        )
    }
}
