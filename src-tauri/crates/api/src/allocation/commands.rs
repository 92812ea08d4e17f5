//! The allocation rules' commands (see `crate::commands` for the table's form).

use crate::{RulePreview, RuleSet, RuleVersionView};

#[macro_export]
#[doc(hidden)]
macro_rules! allocation_commands {
    ([$($then:tt)*] $($seed:tt)*) => { $($then)*! { $($seed)* allocation {
        /// The current rule set (virtual tags and shared costs).
        fn rules() -> RuleSet => store |cl| cl.rules(None);
        /// The rule set as saved in one version.
        fn rules_at(version: i64) -> RuleSet => store |cl| cl.rules(Some(version));
        fn rule_versions() -> Vec<RuleVersionView> => store |cl| cl.rule_versions();
        /// Saves the whole rule set as a new version.
        fn save_rules(rules: RuleSet, note: String) -> RuleVersionView
            => change |cl| cl.save_rules(&rules, &note);
        /// What `rules` would change against the current version, before saving.
        fn preview_rules(rules: RuleSet) -> Vec<RulePreview> => store |cl| cl.preview_rules(&rules);
    } } };
}

crate::allocation_commands!([crate::commands::session_methods]);
