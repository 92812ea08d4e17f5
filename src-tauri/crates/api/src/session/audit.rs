//! Audit mode in the session: the store opened read-only because the app
//! was started with `--audit`, because the Settings switch is on (kept in
//! the store, so it holds across restarts), or because an audit pack was
//! opened (its own temporary store, the user's store set aside until the
//! pack is closed). Every change is refused with `audit_mode` meanwhile;
//! only the Settings switch can be turned off again, by the user who
//! turned it on, and that is recorded in the log.

use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use cloudlens_audit::PackFiles;

use super::{State, Work};
use crate::audit::service::open_audit_pack;
use crate::cloudlens::audit_mode_error;
use crate::{
    verify_audit_pack, ApiError, AuditModeView, AuditOrigin, CloudLens, ErrorCode, PackCheckView,
    Session,
};

/// The setting the Settings switch keeps in the store.
pub(crate) const AUDIT_MODE_KEY: &str = "audit_mode";

/// An opened pack and the user's store it stands in for.
struct OpenPack {
    check: PackCheckView,
    /// The user's own store, back when the pack is closed.
    home: Arc<CloudLens>,
    /// The pack's extracted members; dropped after its store.
    files: PackFiles,
}

#[derive(Default)]
pub(crate) struct AuditSlot {
    origin: Option<AuditOrigin>,
    pack: Option<OpenPack>,
}

fn lock(m: &Mutex<AuditSlot>) -> MutexGuard<'_, AuditSlot> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Session {
    /// Why the store is read-only, if it is.
    pub(crate) fn audit_view(&self) -> Option<AuditModeView> {
        let slot = lock(&self.inner.audit);
        slot.origin.map(|origin| AuditModeView {
            origin,
            pack: slot.pack.as_ref().map(|p| p.check.clone()),
        })
    }

    /// The store as the user asked to open it: read-only with `--audit`
    /// or when the Settings switch is on.
    pub(crate) fn apply_audit_mode(&self, cl: CloudLens) -> Result<CloudLens, ApiError> {
        if self.inner.config.audit {
            lock(&self.inner.audit).origin = Some(AuditOrigin::Flag);
            return Ok(cl);
        }
        let on = cl.reader()?.settings().get(AUDIT_MODE_KEY)?;
        if on.as_deref() != Some("on") {
            return Ok(cl);
        }
        let audit = cl.reopened(true)?;
        lock(&self.inner.audit).origin = Some(AuditOrigin::Setting);
        Ok(audit)
    }

    /// The idle open store, or why not: a switch needs nothing running.
    fn idle_store(&self) -> Result<Arc<CloudLens>, ApiError> {
        let state = self.state();
        match &*state {
            State::Open(cl, Work::Idle) if !self.sync_running() => Ok(Arc::clone(cl)),
            State::Open(..) => Err(ApiError::new(
                ErrorCode::Busy,
                "an import, demo load or sync is running; try again when it has finished",
            )),
            _ => Err(ApiError::new(ErrorCode::NotReady, "the store is not open")),
        }
    }

    /// The Settings switch. Turning it on is recorded in the log, then the
    /// store is reopened read-only; turning it off reopens the store
    /// writable and records that. Refused when audit mode came from
    /// `--audit` or an audit pack.
    pub fn set_audit_mode(&self, on: bool) -> Result<(), ApiError> {
        let origin = lock(&self.inner.audit).origin;
        let cl = self.idle_store()?;
        match (origin, on) {
            (Some(AuditOrigin::Flag | AuditOrigin::Pack), _) => Err(audit_mode_error()),
            (None, false) | (Some(AuditOrigin::Setting), true) => Ok(()),
            (None, true) => {
                cl.set_setting(AUDIT_MODE_KEY, Some("on"))?;
                let audit = Arc::new(cl.reopened(true)?);
                lock(&self.inner.audit).origin = Some(AuditOrigin::Setting);
                self.swap_store(audit);
                Ok(())
            }
            (Some(AuditOrigin::Setting), false) => {
                let writable = Arc::new(cl.reopened(false)?);
                writable.set_setting(AUDIT_MODE_KEY, None)?;
                lock(&self.inner.audit).origin = None;
                self.swap_store(writable);
                Ok(())
            }
        }
    }

    /// Verifies the pack; when it verifies, opens it in audit mode in place
    /// of the user's store (until [`Session::close_audit_pack`]). A pack
    /// that does not verify is not opened: the check says what failed.
    pub fn open_audit_pack(
        &self,
        path: String,
        key: Option<String>,
        passphrase: Option<String>,
    ) -> Result<PackCheckView, ApiError> {
        let current = self.idle_store()?;
        let (key, passphrase) = (key.as_deref(), passphrase.as_deref());
        let check = verify_audit_pack(Path::new(&path), key, passphrase)?;
        if !check.verified {
            return Ok(check);
        }
        let opened = open_audit_pack(Path::new(&path), key, passphrase, current.actor().clone())?;
        let mut slot = lock(&self.inner.audit);
        // A pack opened over another pack returns to the user's own store.
        let home = match slot.pack.take() {
            Some(previous) => previous.home,
            None => current,
        };
        slot.pack = Some(OpenPack {
            check: opened.check.clone(),
            home,
            files: opened.files,
        });
        slot.origin = Some(AuditOrigin::Pack);
        drop(slot);
        self.swap_store(Arc::new(opened.lens));
        Ok(opened.check)
    }

    /// Closes the opened pack and returns to the user's own store.
    pub fn close_audit_pack(&self) -> Result<(), ApiError> {
        self.idle_store()?;
        let mut slot = lock(&self.inner.audit);
        let Some(pack) = slot.pack.take() else {
            return Err(ApiError::new(
                ErrorCode::InvalidInput,
                "no audit pack is open",
            ));
        };
        slot.origin = match (self.inner.config.audit, pack.home.is_audit_mode()) {
            (true, _) => Some(AuditOrigin::Flag),
            (false, true) => Some(AuditOrigin::Setting),
            (false, false) => None,
        };
        drop(slot);
        // The pack's store closes here; its files go after it.
        self.swap_store(pack.home);
        drop(pack.files);
        Ok(())
    }
}
