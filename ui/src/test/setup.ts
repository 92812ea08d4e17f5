import "@testing-library/jest-dom/vitest";

// jsdom has no PointerEvent; without it fireEvent.pointerMove drops clientX/Y.
if (typeof window !== "undefined" && !("PointerEvent" in window)) {
  class PointerEventPolyfill extends MouseEvent {
    readonly pointerId: number;
    readonly pointerType: string;

    constructor(type: string, init: PointerEventInit = {}) {
      super(type, init);
      this.pointerId = init.pointerId ?? 1;
      this.pointerType = init.pointerType ?? "mouse";
    }
  }
  Object.defineProperty(window, "PointerEvent", { value: PointerEventPolyfill, configurable: true });
}

// Most page tests check amounts per billing currency, as a user who chose
// "billing currencies" sees them; tests of the converted default clear this.
try {
  globalThis.localStorage?.setItem("cloudlens.displayCurrency", "billing");
} catch {
  // No storage: the tests that need it say so.
}
