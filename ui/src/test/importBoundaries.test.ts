import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findViolations, type SourceFile } from "./importBoundaries";

// A string, not new URL(): under jsdom, URL is not the class node:url expects.
const UI_ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const SELF = ["src/test/importBoundaries.ts", "src/test/importBoundaries.test.ts"];

function collect(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...collect(full));
    else if (/\.(ts|js|svelte|mjs)$/.test(entry.name)) {
      files.push({ path: relative(UI_ROOT, full).split("\\").join("/"), source: readFileSync(full, "utf8") });
    }
  }
  return files;
}

describe("import boundaries", () => {
  const files = [...collect(join(UI_ROOT, "src")), ...collect(join(UI_ROOT, "dev"))].filter((f) => !SELF.includes(f.path));

  it("scans the whole UI source tree", () => {
    const paths = files.map((f) => f.path);
    expect(paths).toContain("src/lib/bindings.ts");
    expect(paths).toContain("src/lib/backend.ts");
    expect(paths).toContain("src/App.svelte");
    expect(files.length).toBeGreaterThan(40);
  });

  it("only bindings.ts imports @tauri-apps/*, only backend.ts imports bindings, nobody invokes by name", () => {
    expect(findViolations(files)).toEqual([]);
  });

  it("catches each kind of violation", () => {
    const bad: SourceFile[] = [
      { path: "src/lib/overview/X.svelte", source: `<script>import { invoke } from "@tauri-apps/api/core";</script>` },
      { path: "src/lib/state/y.ts", source: `export * from "../bindings";` },
      { path: "src/views/Z.svelte", source: `const m = await import("../lib/bindings.ts");` },
      { path: "src/lib/w.ts", source: `await invoke("overview", { metric });` },
      { path: "src/lib/backend.ts", source: `import "@tauri-apps/api/event";` },
    ];
    const problems = findViolations(bad);
    expect(problems).toHaveLength(5);
    expect(findViolations([{ path: "src/lib/bindings.ts", source: `import { invoke } from "@tauri-apps/api/core"; invoke("x");` }])).toEqual([]);
    expect(findViolations([{ path: "src/lib/backend.ts", source: `import { commands } from "./bindings";` }])).toEqual([]);
  });
});
