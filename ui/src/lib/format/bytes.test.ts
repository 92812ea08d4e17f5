import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "./bytes";

describe("formatBytes", () => {
  it("uses binary units with one decimal below ten", () => {
    expect(formatBytes(512, "en")).toBe("512 B");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(50 * 1024 * 1024, "en")).toBe("50 MB");
    expect(formatBytes(2 * 1024 ** 3, "zh-CN")).toBe("2.0 GB");
  });
});

describe("formatDuration", () => {
  it("shows seconds, then minutes and seconds", () => {
    expect(formatDuration(12.4)).toBe("12 s");
    expect(formatDuration(65)).toBe("1:05");
  });
});
