//! Saved views: a name and the view's `cloudlens://explore?...` link.

use crate::allocation::rules::rfc3339;
use crate::explore::convert::invalid;
use crate::explore::link::link;
use cloudlens_store::{AuditAction, AuditRecord};

use crate::{ApiError, CloudLens, SavedView, ViewState};

impl CloudLens {
    pub fn saved_views(&self) -> Result<Vec<SavedView>, ApiError> {
        Ok(self
            .reader()?
            .allocation()
            .saved_views()?
            .into_iter()
            .map(|v| SavedView {
                name: v.name,
                link: v.link,
                saved_at: rfc3339(v.saved_at),
            })
            .collect())
    }

    /// Saves `state` under `name` (trimmed), replacing a view of that name.
    pub fn save_view(&self, name: &str, state: &ViewState) -> Result<SavedView, ApiError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(invalid("name: expected a view name"));
        }
        let link = link(state);
        let now = self.now();
        self.change(|store| {
            let before = store
                .allocation()
                .saved_views()?
                .into_iter()
                .find(|v| v.name == name)
                .map(|v| v.link);
            store.allocation_mut().save_view(name, &link, now)?;
            let mut entry = AuditRecord::new(AuditAction::SavedViewSave, name).after(link.clone());
            if let Some(b) = before {
                entry = entry.before(b);
            }
            Ok(((), Some(entry)))
        })?;
        Ok(SavedView {
            name: name.to_string(),
            link,
            saved_at: rfc3339(now),
        })
    }

    pub fn remove_view(&self, name: &str) -> Result<(), ApiError> {
        self.change(|store| {
            let before = store
                .allocation()
                .saved_views()?
                .into_iter()
                .find(|v| v.name == name)
                .map(|v| v.link);
            if !store.allocation_mut().remove_view(name)? {
                return Err(invalid(format!("no saved view named {name:?}")));
            }
            let entry = AuditRecord::new(AuditAction::SavedViewRemove, name)
                .before(before.unwrap_or_default());
            Ok(((), Some(entry)))
        })
    }
}
