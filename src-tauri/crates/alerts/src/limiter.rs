//! Rate limits as "at most `max` requests in any `per_ms` window", checked
//! against the attempt times recorded in the store, so they hold across
//! restarts and across processes sharing the store.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub max: u32,
    pub per_ms: i64,
}

impl RateLimit {
    pub const fn new(max: u32, per_ms: i64) -> RateLimit {
        RateLimit { max, per_ms }
    }

    /// The receiver counts arrival times, a little after our start times:
    /// 100 ms and 2% of the window cover that.
    fn margin(self) -> i64 {
        100 + self.per_ms / 50
    }
}

/// The longest window among the limits (how far back attempts matter).
pub fn horizon_ms(limits: &[RateLimit]) -> i64 {
    limits
        .iter()
        .map(|l| l.per_ms + l.margin())
        .max()
        .unwrap_or(0)
}

/// The earliest time at or after `now_ms` when one more request keeps every
/// limit, given the start times of earlier requests (oldest first).
pub fn next_allowed(limits: &[RateLimit], times: &[i64], now_ms: i64) -> i64 {
    let mut at = now_ms;
    for l in limits {
        let window = l.per_ms + l.margin();
        if l.max == 0 {
            continue;
        }
        let recent: Vec<i64> = times
            .iter()
            .copied()
            .filter(|t| *t > now_ms - window)
            .collect();
        let max = l.max as usize;
        if recent.len() >= max {
            // The request that must leave the window first.
            at = at.max(recent[recent.len() - max] + window);
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_window_waits_for_its_oldest_request() {
        let limits = [RateLimit::new(2, 1_000)];
        assert_eq!(next_allowed(&limits, &[0], 10), 10);
        assert_eq!(next_allowed(&limits, &[0, 5], 10), 1_120);
        assert_eq!(next_allowed(&limits, &[0, 5], 2_000), 2_000);
    }

    #[test]
    fn every_limit_holds() {
        let limits = [RateLimit::new(5, 1_000), RateLimit::new(6, 60_000)];
        let times = [0, 1, 2, 3, 4, 2_000];
        // Six in the minute: the seventh waits for the first to age out.
        assert_eq!(next_allowed(&limits, &times, 2_500), 61_300);
    }
}
