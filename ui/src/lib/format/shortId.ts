// Long resource ids (ARNs, Azure resource ids, long instance ids) crowd a
// legend or a table column; the distinctive part is their tail. The full id
// stays on hover (title) wherever a short one is shown.

/** Ids up to this many characters are shown whole. */
export const SHORT_ID_MAX = 36;

/**
 * The tail of `id` after its last "/" (or, for an ARN without a path, its
 * last ":"), behind an ellipsis; a tail still longer than `max` keeps its
 * last characters. Short ids come back unchanged.
 */
export function shortId(id: string, max = SHORT_ID_MAX): string {
  if (id.length <= max) return id;
  const slash = id.lastIndexOf("/", id.length - 2);
  const colon = id.startsWith("arn:") ? id.lastIndexOf(":") : -1;
  const cut = Math.max(slash, colon);
  const tail = cut >= 0 ? id.slice(cut + 1) : id;
  if (tail.length > 0 && tail.length < max) return `…${id.slice(cut)}`;
  return `…${id.slice(id.length - (max - 1))}`;
}
