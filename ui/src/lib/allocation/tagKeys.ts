// Tag key merges offered from the core's suggestions: a suggestion is a group
// of keys that look alike; merging it keeps the key the user picked and reads
// the others as aliases of it.

import type { TagKeyMerge } from "../backend";

const keysOf = (m: TagKeyMerge): string[] => [m.canonical, ...m.aliases];

/** Suggestions none of whose keys the draft merges already. */
export function openSuggestions(suggestions: readonly TagKeyMerge[], merges: readonly TagKeyMerge[]): TagKeyMerge[] {
  const merged = new Set(merges.flatMap(keysOf));
  return suggestions.filter((s) => !keysOf(s).some((k) => merged.has(k)));
}

/** The merge of a suggestion keeping `keep` (one of its keys). */
export function mergeSuggestion(s: TagKeyMerge, keep: string): TagKeyMerge {
  const keys = keysOf(s);
  const canonical = keys.includes(keep) ? keep : s.canonical;
  return { canonical, aliases: keys.filter((k) => k !== canonical) };
}
