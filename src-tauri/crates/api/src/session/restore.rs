//! Restoring a backup in the running app: the store is closed (once the
//! queries in flight have let go of it), replaced, and opened again with
//! the key it was opened with; the UI sees `opening` meanwhile.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloudlens_store::KeySource;

use super::{lock, Session, State, Work};
use crate::{ApiError, BackupView, CloudLens, ErrorCode};

/// How long a restore waits for queries in flight to finish.
const LET_GO: Duration = Duration::from_secs(10);

pub(super) fn copy_key(key: &KeySource) -> KeySource {
    match key {
        KeySource::Keychain(k) => KeySource::Keychain(k.clone()),
        KeySource::Passphrase(p) => KeySource::Passphrase(p.clone()),
    }
}

impl Session {
    /// See the `restore_store` command.
    pub fn restore_store(
        &self,
        backup: String,
        passphrase: Option<String>,
    ) -> Result<BackupView, ApiError> {
        self.with_ready(|cl| cl.refuse_in_audit_mode())?;
        if self.inner.sync.is_running() {
            return Err(ApiError::new(
                ErrorCode::Busy,
                "a sync is running; restore when it has finished",
            ));
        }
        let Some(key) = lock(&self.inner.key).as_ref().map(copy_key) else {
            return Err(ApiError::new(ErrorCode::NotReady, "the store is not open"));
        };
        let cl = {
            let mut state = self.state();
            match std::mem::replace(&mut *state, State::Opening) {
                State::Open(cl, Work::Idle) => cl,
                other => {
                    *state = other;
                    return Err(ApiError::new(
                        ErrorCode::Busy,
                        "the store is busy; restore when it has finished",
                    ));
                }
            }
        };
        (self.inner.notify)(self.status());
        let cl = match sole_owner(cl) {
            Ok(cl) => cl,
            Err(cl) => {
                self.become_ready(cl);
                return Err(ApiError::new(
                    ErrorCode::Busy,
                    "the store is still answering queries; try again in a moment",
                ));
            }
        };
        let result = cl.restore(&key, Path::new(&backup), passphrase.as_deref());
        self.open_with(key);
        result
    }
}

/// The `CloudLens` itself once no query holds it, or back the shared one.
fn sole_owner(mut cl: Arc<CloudLens>) -> Result<CloudLens, Arc<CloudLens>> {
    let deadline = Instant::now() + LET_GO;
    loop {
        match Arc::try_unwrap(cl) {
            Ok(owned) => return Ok(owned),
            Err(shared) if Instant::now() < deadline => {
                cl = shared;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(shared) => return Err(shared),
        }
    }
}
