// Runs before the app's bundle: applies the saved colour theme (see
// src/lib/state/theme.svelte.ts, which keeps it up to date afterwards), so
// the boot screen and the first frame of the app are in the right colours.
(function () {
  var choice = "system";
  try {
    choice = localStorage.getItem("cloudlens.theme") || "system";
  } catch (e) {
    // Storage disabled: follow the system.
  }
  var dark = choice === "dark" || (choice !== "light" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.dataset.theme = dark ? "dark" : "light";
})();
