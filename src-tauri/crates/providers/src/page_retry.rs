//! Calls that walk several pages inside one client call (month totals
//! summed over a paged summary) retry each page on a retryable error, so a
//! fault on page nine does not restart the walk from page one; with faults
//! every few requests a whole-walk retry would never get through. Single-page
//! calls are retried by the sync engine, not here.

use std::future::Future;
use std::time::Duration;

use crate::ProviderError;

const ATTEMPTS: u32 = 6;

pub(crate) async fn page<T, F, Fut>(mut call: F) -> Result<T, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ProviderError>>,
{
    let mut attempt = 0;
    loop {
        match call().await {
            Err(e) if e.kind.retryable() && attempt + 1 < ATTEMPTS => {
                let wait = e
                    .retry_after
                    .unwrap_or(Duration::from_millis(100u64 << attempt.min(5)));
                tokio::time::sleep(wait).await;
                attempt += 1;
            }
            other => return other,
        }
    }
}
