//! Recommendations follow the data: after the store opens, the demo loads,
//! and every import, sync or removal, the engine runs again in the
//! background, so a resource deleted at the provider closes its
//! recommendation and a new idle disk appears without anyone opening the
//! page. One run at a time on its own thread; a request while one runs
//! queues exactly one more, so the last change is always seen. A run the
//! store refuses because an import holds it is asked for again when the
//! import ends.

use std::sync::{Mutex, MutexGuard};
use std::thread;

use super::today_of;
use crate::{ApiError, ErrorCode, RefreshSummary, Session};

#[derive(Default)]
struct State {
    running: bool,
    again: bool,
    /// The last finished run: its summary (or error) and when it ended.
    last: Option<(Result<RefreshSummary, ApiError>, i64)>,
}

#[derive(Default)]
pub(crate) struct RefreshSlot {
    state: Mutex<State>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// The last background refresh: what it did (or why it failed) and
    /// when it ended (Unix seconds); `None` before the first one.
    pub fn last_recommendation_refresh(&self) -> Option<(Result<RefreshSummary, ApiError>, i64)> {
        lock(&self.inner.recommendations.state).last.clone()
    }

    pub(crate) fn refresh_recommendations_in_background(&self) {
        {
            let mut s = lock(&self.inner.recommendations.state);
            if s.running {
                s.again = true;
                return;
            }
            s.running = true;
        }
        let session = self.clone();
        thread::spawn(move || session.refresh_loop());
    }

    fn refresh_loop(&self) {
        loop {
            let now = self.now();
            let result = self.with_ready(|cl| cl.refresh_recommendations(today_of(now), now));
            let mut s = lock(&self.inner.recommendations.state);
            match result {
                Err(e) if e.code == ErrorCode::Busy || e.code == ErrorCode::NotReady => {}
                other => s.last = Some((other, self.now())),
            }
            let again = std::mem::take(&mut s.again);
            s.running = again;
            if !again {
                return;
            }
        }
    }
}
