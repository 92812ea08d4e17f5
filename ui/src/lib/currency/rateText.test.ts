import { describe, expect, it } from "vitest";
import { ratePlaces, rateText } from "./rateText";

describe("rate precision", () => {
  it("pads every rate of a column to the most decimals shown, at least four", () => {
    const column = ["7.2", "0.1392", "151.33", "7.18345"];
    const digits = ratePlaces(column);
    expect(digits).toBe(5);
    expect(column.map((r) => rateText(r, digits))).toEqual(["7.20000", "0.13920", "151.33000", "7.18345"]);
  });

  it("never rounds: whole numbers gain a point, short columns get four places", () => {
    expect(ratePlaces(["7", "1.5"])).toBe(4);
    expect(rateText("7", 4)).toBe("7.0000");
    expect(rateText("0.123456789", 4)).toBe("0.123456789");
  });
});
