//! Paces requests at a documented rate: evenly spaced, at least
//! `1/per_second` apart, so no one-second span (however the provider cuts
//! its windows) ever holds more than `per_second` of them. No burst: a
//! burst followed by the steady rate puts twice the quota into the
//! provider's first window. The spacing carries 5% headroom: the provider
//! counts arrivals, and the network bunches them a little.

use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct TokenBucket {
    interval: Duration,
    /// When the next request may go.
    next: Mutex<Instant>,
}

impl TokenBucket {
    pub fn new(per_second: u32) -> Self {
        Self {
            interval: Duration::from_secs_f64(1.05 / f64::from(per_second.max(1))),
            next: Mutex::new(Instant::now()),
        }
    }

    /// Books the next free slot; how long until it comes.
    fn book(&self) -> Duration {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let slot = (*next).max(now);
        *next = slot + self.interval;
        slot - now
    }

    pub async fn acquire(&self) {
        let wait = self.book();
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn requests_are_spaced_at_the_rate() {
        let bucket = TokenBucket::new(20);
        let started = Instant::now();
        let mut times = Vec::new();
        for _ in 0..21 {
            bucket.acquire().await;
            times.push(started.elapsed());
        }
        // 21 requests at 20/s: the last one (at least) a second after the first.
        assert!(times[20] >= Duration::from_millis(1000), "{times:?}");
        assert!(times[20] < Duration::from_secs(3), "{times:?}");
        // No one-second span holds more than 20.
        for (i, t) in times.iter().enumerate() {
            let within = times[i..]
                .iter()
                .filter(|u| **u - *t < Duration::from_secs(1))
                .count();
            assert!(within <= 20, "{within} requests within a second of {t:?}");
        }
    }

    #[tokio::test]
    async fn concurrent_callers_share_the_rate() {
        let bucket = std::sync::Arc::new(TokenBucket::new(50));
        let started = Instant::now();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let b = bucket.clone();
                tokio::spawn(async move {
                    for _ in 0..13 {
                        b.acquire().await;
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task");
        }
        // 104 slots at 50/s: the last is booked 103/50 s after the first.
        assert!(started.elapsed() >= Duration::from_millis(2000));
    }
}
