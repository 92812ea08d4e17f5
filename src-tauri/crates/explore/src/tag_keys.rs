//! Tag key normalisation: bills spell one tag several ways ("Team" and
//! "team", "env" and "Environment"); a merge reads them all as one
//! canonical key, everywhere a tag is read (group-by, filters, rule
//! conditions, `value_from`, coverage).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use cloudlens_store::DimsRecord;
use rustc_hash::FxHashMap as HashMap;

use crate::ExploreError;

/// `aliases` read as `canonical`. A line carrying several of them takes the
/// canonical key's value, else the first alias present, in the order listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagKeyMerge {
    pub canonical: String,
    pub aliases: Vec<String>,
}

/// Every merged key (canonical or alias) → the keys to read, in order.
#[derive(Default)]
pub(crate) struct TagKeys {
    lookup: HashMap<String, Arc<[String]>>,
}

impl TagKeys {
    pub(crate) fn new(merges: &[TagKeyMerge]) -> Result<TagKeys, ExploreError> {
        let mut lookup: HashMap<String, Arc<[String]>> = HashMap::default();
        for m in merges {
            if m.canonical.is_empty() || m.aliases.iter().any(|a| a.is_empty()) {
                return Err(ExploreError(format!(
                    "tag key merge {:?}: expected non-empty canonical key and aliases",
                    m.canonical
                )));
            }
            let order: Vec<String> = std::iter::once(m.canonical.clone())
                .chain(m.aliases.iter().filter(|a| **a != m.canonical).cloned())
                .collect();
            let order: Arc<[String]> = Arc::from(order);
            for k in order.iter() {
                if lookup.insert(k.clone(), order.clone()).is_some() {
                    return Err(ExploreError(format!(
                        "tag key merge {:?}: the key {k:?} is already merged elsewhere; expected each key in at most one merge",
                        m.canonical
                    )));
                }
            }
        }
        Ok(TagKeys { lookup })
    }

    /// The value of tag `key` on `d`, reading its merged spellings.
    pub(crate) fn read<'a>(&self, key: &str, d: &'a DimsRecord) -> Option<&'a Arc<str>> {
        match self.lookup.get(key) {
            Some(order) => order.iter().find_map(|k| stored_tag(d, k)),
            None => stored_tag(d, key),
        }
    }

    /// The key a stored key reads as.
    pub(crate) fn canonical<'a>(&'a self, key: &'a str) -> &'a str {
        self.lookup
            .get(key)
            .and_then(|o| o.first())
            .map_or(key, |c| c.as_str())
    }
}

fn stored_tag<'a>(d: &'a DimsRecord, key: &str) -> Option<&'a Arc<str>> {
    d.tags
        .binary_search_by(|(k, _)| (**k).cmp(key))
        .ok()
        .map(|i| &d.tags[i].1)
}

/// The keys `keys` read as under `merges`, each once, sorted.
pub fn merged_keys<'a>(
    keys: impl IntoIterator<Item = &'a str>,
    merges: &[TagKeyMerge],
) -> Result<Vec<String>, ExploreError> {
    let t = TagKeys::new(merges)?;
    let set: BTreeSet<String> = keys
        .into_iter()
        .map(|k| t.canonical(k).to_string())
        .collect();
    Ok(set.into_iter().collect())
}

/// Spellings known to mean the same tag beyond case and separators.
const KNOWN_ALIASES: [(&str, &str); 3] = [
    ("env", "environment"),
    ("app", "application"),
    ("costcenter", "costcentre"),
];

fn folded(key: &str) -> String {
    let k: String = key
        .chars()
        .filter(|c| !matches!(c, '-' | '_' | ' ' | '.' | ':' | '/'))
        .flat_map(char::to_lowercase)
        .collect();
    KNOWN_ALIASES
        .iter()
        .find(|(_, long)| k == *long)
        .map_or(k, |(short, _)| short.to_string())
}

/// Groups of `keys` that differ only by case, separators or a known alias,
/// each with a suggested canonical key (the most used spelling, by the
/// count given), largest groups first; keys already merged are left out.
pub fn suggest_merges(keys: &[(String, u64)], merges: &[TagKeyMerge]) -> Vec<TagKeyMerge> {
    let merged: BTreeSet<&str> = merges
        .iter()
        .flat_map(|m| {
            std::iter::once(m.canonical.as_str()).chain(m.aliases.iter().map(|a| a.as_str()))
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for (k, n) in keys {
        if !merged.contains(k.as_str()) {
            groups.entry(folded(k)).or_default().push((k.clone(), *n));
        }
    }
    let mut out: Vec<(u64, TagKeyMerge)> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let total = g.iter().map(|x| x.1).sum();
            let canonical = g[0].0.clone();
            let aliases = g[1..].iter().map(|x| x.0.clone()).collect();
            (total, TagKeyMerge { canonical, aliases })
        })
        .collect();
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.canonical.cmp(&b.1.canonical)));
    out.into_iter().map(|x| x.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(k: &[(&str, u64)]) -> Vec<(String, u64)> {
        k.iter().map(|(a, n)| (a.to_string(), *n)).collect()
    }

    #[test]
    fn suggests_case_separator_and_alias_groups_with_the_most_used_spelling_first() {
        let s = suggest_merges(
            &keys(&[
                ("Team", 3),
                ("team", 10),
                ("env", 4),
                ("Environment", 7),
                ("cost-center", 2),
                ("CostCenter", 1),
                ("project", 5),
            ]),
            &[],
        );
        assert_eq!(
            s,
            vec![
                TagKeyMerge {
                    canonical: "team".into(),
                    aliases: vec!["Team".into()]
                },
                TagKeyMerge {
                    canonical: "Environment".into(),
                    aliases: vec!["env".into()]
                },
                TagKeyMerge {
                    canonical: "cost-center".into(),
                    aliases: vec!["CostCenter".into()]
                },
            ]
        );
    }

    #[test]
    fn keys_already_merged_are_not_suggested_again() {
        let m = [TagKeyMerge {
            canonical: "team".into(),
            aliases: vec!["Team".into()],
        }];
        assert!(suggest_merges(&keys(&[("Team", 1), ("team", 2)]), &m).is_empty());
    }

    #[test]
    fn a_key_in_two_merges_is_refused_naming_it() {
        let m = [
            TagKeyMerge {
                canonical: "team".into(),
                aliases: vec!["Team".into()],
            },
            TagKeyMerge {
                canonical: "owner".into(),
                aliases: vec!["Team".into()],
            },
        ];
        let e = TagKeys::new(&m).err().map(|e| e.0).unwrap_or_default();
        assert!(e.contains("\"Team\""), "{e}");
    }

    #[test]
    fn merged_keys_list_each_canonical_key_once() {
        let m = [TagKeyMerge {
            canonical: "team".into(),
            aliases: vec!["Team".into()],
        }];
        assert_eq!(
            merged_keys(["Team", "team", "env"], &m).unwrap_or_default(),
            vec!["env".to_string(), "team".to_string()]
        );
    }
}
