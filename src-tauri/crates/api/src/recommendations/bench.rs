//! Timing one recommendation run in its three phases, for the hidden CLI
//! benchmark: reading the store (the floor any engine pays), computing, and
//! keeping the results.

use std::time::Instant;

use chrono::NaiveDate;

use super::catalog;
use crate::{ApiError, CloudLens};

#[derive(Debug, Clone, PartialEq)]
pub struct RecommendationBench {
    /// Cost lines read into the analysis window.
    pub lines: u64,
    pub resources: usize,
    pub recommendations: u32,
    pub read_ms: f64,
    pub compute_ms: f64,
    pub keep_ms: f64,
}

impl CloudLens {
    pub fn bench_recommendations(
        &self,
        today: NaiveDate,
        now: i64,
    ) -> Result<RecommendationBench, ApiError> {
        let t = Instant::now();
        let (settings, g) = self.recommendation_inputs(today)?;
        let read = t.elapsed();
        let t = Instant::now();
        let found = cloudlens_recommend::recommend(&g.inputs(), &settings, catalog()?);
        let compute = t.elapsed();
        let t = Instant::now();
        let summary = self.keep_recommendations(now, &g, &found)?;
        let keep = t.elapsed();
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        Ok(RecommendationBench {
            lines: g.book.lines(),
            resources: g.book.resources().count(),
            recommendations: summary.found,
            read_ms: ms(read),
            compute_ms: ms(compute),
            keep_ms: ms(keep),
        })
    }
}
