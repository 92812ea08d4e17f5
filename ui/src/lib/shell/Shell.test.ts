import { render, screen } from "@testing-library/svelte";
import { createRawSnippet } from "svelte";
import { describe, expect, it } from "vitest";
import Shell from "./Shell.svelte";

const text = (s: string) => createRawSnippet(() => ({ render: () => `<span>${s}</span>` }));

function props(current: string) {
  return {
    nav: [],
    current,
    title: current,
    onnavigate: () => {},
    status: text("status"),
    children: text("page"),
  };
}

/** jsdom has no layout, so an element does not scroll: this one keeps what is set. */
function scrollable(el: HTMLElement): void {
  let top = 0;
  Object.defineProperty(el, "scrollTop", {
    get: () => top,
    set: (v: number) => {
      top = v;
    },
  });
}

describe("Shell", () => {
  it("opens another page at its top", async () => {
    const { rerender } = render(Shell, props("explorer"));
    const column = screen.getByTestId("main-column");
    scrollable(column);
    column.scrollTop = 600;
    await rerender(props("budgets"));
    expect(column.scrollTop).toBe(0);
  });

  it("keeps the scroll position while the page stays", async () => {
    const { rerender } = render(Shell, props("explorer"));
    const column = screen.getByTestId("main-column");
    scrollable(column);
    column.scrollTop = 600;
    await rerender({ ...props("explorer"), title: "Explorer" });
    expect(column.scrollTop).toBe(600);
  });
});
