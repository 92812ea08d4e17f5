import { describe, expect, it } from "vitest";
import { formatName } from "./formatName";

describe("formatName", () => {
  it("names the format once, with its variant", () => {
    expect(formatName("FOCUS", "FOCUS 1.2")).toBe("FOCUS 1.2");
    expect(formatName("Tencent Cloud bill details", "English headers")).toBe("Tencent Cloud bill details · English headers");
    expect(formatName("AWS CUR", "")).toBe("AWS CUR");
    expect(formatName(null, "x")).toBe("x");
  });
});
