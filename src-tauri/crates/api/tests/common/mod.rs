//! Helpers shared by the tests that read while the store writes (also
//! compiled into the session's unit tests, hence `crate::` paths: the test
//! crates import the api types they name).
#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use crate::{ExploreMetric, ExploreQuery, Granularity};

/// A file of `tests/fixtures/ingest`.
pub fn ingest_fixture(name: &str) -> String {
    let manifest = String::from(env!("CARGO_MANIFEST_DIR"));
    Path::new(&manifest)
        .join("../../../tests/fixtures/ingest")
        .join(name)
        .display()
        .to_string()
}

pub fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(180);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Billed cost grouped by `dimension` from `from` to `to`.
pub fn grouped_by(dimension: &str, from: &str, to: &str, granularity: Granularity) -> ExploreQuery {
    ExploreQuery {
        group_by: vec![dimension.into()],
        filters: Vec::new(),
        from: from.into(),
        to: to.into(),
        granularity,
        metric: ExploreMetric::Billed,
        display_currency: None,
        rules_version: None,
        apply_shared_costs: false,
        spread_periods: false,
        limit: 0,
    }
}
