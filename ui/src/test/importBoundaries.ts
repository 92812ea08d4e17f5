// The rules that keep the Tauri surface in one place, as a pure checker so the
// test can also prove it catches violations.

export interface SourceFile {
  /** Path relative to ui/, with forward slashes. */
  path: string;
  source: string;
}

const BINDINGS = "src/lib/bindings.ts";
const GATEWAY = "src/lib/backend.ts";

// Any static import, re-export or dynamic import of a module specifier.
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;
const RAW_INVOKE = /\binvoke\s*(?:<[^>]*>)?\s*\(\s*["'`]/;

function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((m) => m[1] ?? "");
}

const isBindings = (spec: string) => /(^|\/)bindings(\.ts|\.js)?$/.test(spec);

export function findViolations(files: SourceFile[]): string[] {
  const problems: string[] = [];
  for (const { path, source } of files) {
    for (const spec of specifiers(source)) {
      if (spec.startsWith("@tauri-apps/") && path !== BINDINGS) {
        problems.push(`${path} imports ${spec}: only ${BINDINGS} may import @tauri-apps/*`);
      }
      if (isBindings(spec) && path !== GATEWAY) {
        problems.push(`${path} imports ${spec}: only ${GATEWAY} may import the bindings`);
      }
    }
    if (path !== BINDINGS && RAW_INVOKE.test(source)) {
      problems.push(`${path} calls invoke("...") by name: go through ${GATEWAY}`);
    }
  }
  return problems;
}
