/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The UI is embedded by Tauri from ui/dist and must run fully offline under a
// strict CSP (no inline scripts, no eval, no remote URLs). Vite's output meets
// that as long as nothing here adds inline scripts.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL("./src/lib", import.meta.url)) },
  },
  // Relative asset paths: Tauri serves dist/ from its own custom protocol.
  base: "./",
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Only index.html is an entry: the dev/ preview harness never ships.
    target: ["es2022", "safari15", "chrome110"],
    // WebKitGTK/WebView2 load the bundle from disk; one CSS and one JS file is plenty.
    cssCodeSplit: false,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["src/test/setup.ts"],
    globals: true,
    restoreMocks: true,
  },
});
