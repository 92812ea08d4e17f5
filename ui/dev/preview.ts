// Dev-only harness: renders app screens with the test fixture and no backend,
// for visual review and screenshots. Not part of the production build (only
// ui/index.html is an entry there).
//
//   ?screen=overview|opening|passphrase|loading|failed|empty  (default overview)
//   &lang=en|zh-CN   &demo (show the demo banner)   &freeze (freeze Object.prototype first)
//   &hover=<band index>  (shows the daily chart tooltip at that band)
import "./freeze";
import "../src/app.css";
import { mount } from "svelte";
import Preview from "./Preview.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing");
mount(Preview, { target });
