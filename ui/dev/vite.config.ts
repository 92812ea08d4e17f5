// Builds the dev-only preview harness (dev/preview.html) into a throwaway
// directory for screenshots:  npx vite build --config dev/vite.config.ts
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  plugins: [svelte({ configFile: fileURLToPath(new URL("../svelte.config.js", import.meta.url)) })],
  resolve: {
    alias: { $lib: fileURLToPath(new URL("../src/lib", import.meta.url)) },
  },
  build: {
    outDir: process.env.PREVIEW_OUT ?? "/tmp/cloudlens-preview",
    emptyOutDir: true,
    rollupOptions: { input: fileURLToPath(new URL("./preview.html", import.meta.url)) },
  },
});
