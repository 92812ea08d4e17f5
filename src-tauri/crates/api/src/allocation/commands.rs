//! The allocation rules' commands (see `crate::commands` for the table's form).

use crate::{CoverageQuery, RulePreview, RuleSet, RuleVersionView, TagCoverage, TagKeyMerge};

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
        /// Groups of tag keys that look like one key spelled several ways.
        fn suggest_tag_key_merges() -> Vec<TagKeyMerge> => store |cl| cl.suggest_tag_key_merges();
        /// Per provider, billing account or service, the spend carrying each tag key.
        fn tag_coverage(query: CoverageQuery) -> TagCoverage => store |cl| cl.tag_coverage(&query);
    } } };
}

crate::allocation_commands!([crate::commands::session_methods]);
