import { describe, expect, it } from "vitest";
import { errorLine } from "./errors";

describe("errorLine", () => {
  it("starts the core's message as a sentence of its own", () => {
    expect(errorLine({ code: "update_refused", message: "the download from http://x/y.deb was refused: bad" })).toBe(
      "The update was refused. The download from http://x/y.deb was refused: bad",
    );
  });

  it("leaves a message that starts with a path or a capital as it is", () => {
    expect(errorLine({ code: "update_refused", message: "/media/usb/a.deb does not match its signature" })).toBe(
      "The update was refused. /media/usb/a.deb does not match its signature",
    );
    expect(errorLine({ code: "busy", message: "CloudLens is importing" })).toContain(". CloudLens is importing");
    expect(errorLine(null)).toBeNull();
  });
});
