// Tauri runs the app with freezePrototype: true (Object.freeze(Object.prototype)
// before any page script). ?freeze reproduces that here, so the preview proves
// the bundle still boots under it. Must be the first import of preview.ts.
if (new URLSearchParams(location.search).has("freeze")) Object.freeze(Object.prototype);
export {};
