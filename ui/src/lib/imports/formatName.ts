// "FOCUS 1.2", or "Tencent Cloud bill details · English headers": the
// format's name with its variant, without saying the name twice.
export function formatName(label: string | null | undefined, variant: string | null | undefined): string {
  const l = label ?? "";
  const v = variant ?? "";
  if (!v) return l;
  if (!l || v.toLowerCase().startsWith(l.toLowerCase())) return v;
  return `${l} · ${v}`;
}
