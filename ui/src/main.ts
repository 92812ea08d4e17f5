import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
// Keeps <html data-theme> in step with the system from the first frame on.
import "./lib/state/theme.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app element missing from index.html");

// The static boot screen from index.html gives way to the app.
target.replaceChildren();
export default mount(App, { target });
