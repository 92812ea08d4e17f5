// `npm run tauri -- <args>` from ui/: runs the Tauri CLI with the project
// layout spelled out. tauri.conf.json lives in the repository root (the
// parent of ui/), which the CLI does not look for when started in ui/.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ui = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cli = createRequire(import.meta.url).resolve("@tauri-apps/cli/tauri.js");

const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: {
    ...process.env,
    TAURI_APP_PATH: process.env.TAURI_APP_PATH ?? resolve(ui, ".."),
    TAURI_FRONTEND_PATH: process.env.TAURI_FRONTEND_PATH ?? ui,
  },
});
process.exit(result.status ?? 1);
