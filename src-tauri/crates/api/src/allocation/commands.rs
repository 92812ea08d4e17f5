//! Allocation rules as the session serves them: each forwards to the open
//! store's `CloudLens`.

use crate::{ApiError, RulePreview, RuleSet, RuleVersionView, Session};

impl Session {
    pub fn rules(&self) -> Result<RuleSet, ApiError> {
        self.with_ready(|cl| cl.rules(None))
    }

    pub fn rules_at(&self, version: i64) -> Result<RuleSet, ApiError> {
        self.with_ready(|cl| cl.rules(Some(version)))
    }

    pub fn rule_versions(&self) -> Result<Vec<RuleVersionView>, ApiError> {
        self.with_ready(|cl| cl.rule_versions())
    }

    /// Saves the whole rule set as a new version.
    pub fn save_rules(&self, rules: RuleSet, note: String) -> Result<RuleVersionView, ApiError> {
        let now = self.now();
        self.with_ready(|cl| cl.save_rules(&rules, &note, now))
    }

    /// What `rules` would change against the current version, before saving.
    pub fn preview_rules(&self, rules: RuleSet) -> Result<Vec<RulePreview>, ApiError> {
        self.with_ready(|cl| cl.preview_rules(&rules))
    }
}
