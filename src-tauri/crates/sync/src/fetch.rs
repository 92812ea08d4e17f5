//! Every provider call goes through here: the token bucket of the API
//! family it draws on, the attempt cap, exponential backoff with full jitter on retryable errors (honouring
//! the provider's `retry_after`), counters and cancellation.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use cloudlens_providers::{ApiFamily, ErrorKind, ProviderError, RateLimit};
use rand::Rng;

use crate::limiter::TokenBucket;

pub struct Retry {
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

/// What a run has done so far, shared by the fetchers and the writer.
#[derive(Default)]
pub struct Counters {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    pub windows_done: AtomicU64,
    pub lines: AtomicU64,
    pub resources: AtomicU64,
    /// Bytes of bill files downloaded (the bucket route).
    pub bytes: AtomicU64,
}

/// One token bucket per API family, each at its documented rate.
pub struct Buckets {
    bills: TokenBucket,
    inventory: TokenBucket,
    monitor: TokenBucket,
    /// Object storage requests (bill exports in a bucket).
    objects: TokenBucket,
}

impl Buckets {
    #[cfg(test)]
    pub fn new(limit: RateLimit) -> Self {
        Self::with_objects(limit, 1)
    }

    pub fn with_objects(limit: RateLimit, objects_per_second: u32) -> Self {
        Self {
            bills: TokenBucket::new(limit.bills),
            inventory: TokenBucket::new(limit.inventory),
            monitor: TokenBucket::new(limit.monitor),
            objects: TokenBucket::new(objects_per_second),
        }
    }

    fn of(&self, family: ApiFamily) -> &TokenBucket {
        match family {
            ApiFamily::Bills => &self.bills,
            ApiFamily::Inventory => &self.inventory,
            ApiFamily::Monitor => &self.monitor,
        }
    }
}

pub struct Caller<'a> {
    pub buckets: Buckets,
    pub retry: Retry,
    pub cancel: &'a AtomicBool,
    pub counters: &'a Counters,
}

/// Why a call gave up.
#[derive(Debug, Clone)]
pub enum Failure {
    Cancelled,
    Provider(ProviderError),
}

impl Failure {
    pub fn provider(&self) -> ProviderError {
        match self {
            Failure::Cancelled => ProviderError::new(ErrorKind::InvalidRequest, "cancelled"),
            Failure::Provider(e) => e.clone(),
        }
    }
}

impl Caller<'_> {
    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Calls `f` (an API of `family`) until it succeeds, fails for good, or
    /// the attempts run out; returns the value and the attempts it took.
    pub async fn call<T, F, Fut>(&self, family: ApiFamily, f: F) -> (Result<T, Failure>, u32)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ProviderError>>,
    {
        self.call_on(self.buckets.of(family), f).await
    }

    /// Like [`Caller::call`] for an object storage request.
    pub async fn call_objects<T, F, Fut>(&self, f: F) -> (Result<T, Failure>, u32)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ProviderError>>,
    {
        self.call_on(&self.buckets.objects, f).await
    }

    async fn call_on<T, F, Fut>(&self, bucket: &TokenBucket, mut f: F) -> (Result<T, Failure>, u32)
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, ProviderError>>,
    {
        let mut attempt = 0u32;
        loop {
            if self.cancelled() {
                return (Err(Failure::Cancelled), attempt);
            }
            bucket.acquire().await;
            attempt += 1;
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            let err = match f().await {
                Ok(v) => return (Ok(v), attempt),
                Err(e) => e,
            };
            if !err.kind.retryable() || attempt >= self.retry.max_attempts {
                return (Err(Failure::Provider(err)), attempt);
            }
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            let wait = backoff(&self.retry, attempt).max(err.retry_after.unwrap_or_default());
            if !self.sleep(wait).await {
                return (Err(Failure::Cancelled), attempt);
            }
        }
    }

    /// Sleeps in short steps so a cancellation is seen; false when cancelled.
    async fn sleep(&self, total: Duration) -> bool {
        let step = Duration::from_millis(50);
        let mut left = total;
        while !left.is_zero() {
            if self.cancelled() {
                return false;
            }
            let d = left.min(step);
            tokio::time::sleep(d).await;
            left -= d;
        }
        !self.cancelled()
    }
}

/// Full jitter: uniform in `0..=min(cap, base·2^(attempt-1))`.
fn backoff(r: &Retry, attempt: u32) -> Duration {
    let exp = r
        .base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(r.cap);
    let millis = exp.as_millis() as u64;
    Duration::from_millis(rand::thread_rng().gen_range(0..=millis))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let r = Retry {
            max_attempts: 5,
            base: Duration::from_millis(100),
            cap: Duration::from_millis(700),
        };
        for _ in 0..200 {
            assert!(backoff(&r, 1) <= Duration::from_millis(100));
            assert!(backoff(&r, 3) <= Duration::from_millis(400));
            assert!(backoff(&r, 10) <= Duration::from_millis(700));
        }
    }

    #[tokio::test]
    async fn retryable_errors_are_retried_up_to_the_cap_and_others_are_not() {
        let cancel = AtomicBool::new(false);
        let counters = Counters::default();
        let caller = Caller {
            buckets: Buckets::new(RateLimit {
                bills: 1000,
                inventory: 1000,
                monitor: 1000,
            }),
            retry: Retry {
                max_attempts: 3,
                base: Duration::from_millis(1),
                cap: Duration::from_millis(2),
            },
            cancel: &cancel,
            counters: &counters,
        };
        let (r, attempts) = caller
            .call(ApiFamily::Bills, || async {
                Err::<(), _>(ProviderError::new(ErrorKind::Throttled, "slow down"))
            })
            .await;
        assert!(matches!(r, Err(Failure::Provider(_))));
        assert_eq!(attempts, 3);
        assert_eq!(counters.retries.load(Ordering::Relaxed), 2);
        let (r, attempts) = caller
            .call(ApiFamily::Bills, || async {
                Err::<(), _>(ProviderError::new(
                    ErrorKind::CredentialsRejected,
                    "bad key",
                ))
            })
            .await;
        assert!(r.is_err());
        assert_eq!(attempts, 1);
        assert_eq!(counters.requests.load(Ordering::Relaxed), 4);
    }

    #[tokio::test]
    async fn each_family_is_paced_by_its_own_bucket() {
        let buckets = Buckets::new(RateLimit {
            bills: 1,
            inventory: 100,
            monitor: 100,
        });
        let started = std::time::Instant::now();
        buckets.of(ApiFamily::Bills).acquire().await;
        for _ in 0..10 {
            buckets.of(ApiFamily::Inventory).acquire().await;
            buckets.of(ApiFamily::Monitor).acquire().await;
        }
        // Inventory and monitoring did not wait behind the bills' 1/s.
        assert!(started.elapsed() < Duration::from_millis(600));
        buckets.of(ApiFamily::Bills).acquire().await;
        assert!(started.elapsed() >= Duration::from_millis(1000));
    }
}
