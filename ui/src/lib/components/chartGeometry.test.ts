import { describe, expect, it } from "vitest";
import { bandIndex, bandRect, clientToUser, stepBand, userToClient } from "./chartGeometry";

const plot = { left: 50, top: 10, right: 950, bottom: 250 };

describe("bandIndex", () => {
  it("maps x across equal bands", () => {
    expect(bandIndex(50, plot, 90)).toBe(0);
    expect(bandIndex(59.99, plot, 90)).toBe(0);
    expect(bandIndex(60, plot, 90)).toBe(1);
    expect(bandIndex(500, plot, 90)).toBe(45);
    expect(bandIndex(949.99, plot, 90)).toBe(89);
    expect(bandIndex(500, plot, 3)).toBe(1);
  });

  it("puts the right edge in the last band", () => {
    expect(bandIndex(950, plot, 90)).toBe(89);
  });

  it("is -1 outside the plot or without bands", () => {
    expect(bandIndex(49.9, plot, 90)).toBe(-1);
    expect(bandIndex(950.1, plot, 90)).toBe(-1);
    expect(bandIndex(-10, plot, 90)).toBe(-1);
    expect(bandIndex(500, plot, 0)).toBe(-1);
    expect(bandIndex(Number.NaN, plot, 10)).toBe(-1);
    expect(bandIndex(500, { ...plot, right: plot.left }, 10)).toBe(-1);
  });
});

describe("bandRect", () => {
  it("covers the band over the plot height", () => {
    expect(bandRect(1, plot, 90)).toEqual({ x: 60, y: 10, width: 10, height: 240 });
    expect(bandRect(-1, plot, 90)).toBeNull();
    expect(bandRect(90, plot, 90)).toBeNull();
  });
});

describe("client <-> user coordinates", () => {
  it("scales uniformly when the box keeps the aspect", () => {
    const box = { left: 100, top: 20, width: 480, height: 140 };
    expect(clientToUser({ x: 100, y: 20 }, box, 960, 280)).toEqual({ x: 0, y: 0 });
    expect(clientToUser({ x: 340, y: 90 }, box, 960, 280)).toEqual({ x: 480, y: 140 });
    expect(userToClient({ x: 480, y: 140 }, box, 960, 280)).toEqual({ x: 340, y: 90 });
  });

  it("accounts for letterboxing (xMidYMid meet)", () => {
    // Box twice as wide as needed: the drawing is centred horizontally.
    const box = { left: 0, top: 0, width: 400, height: 100 };
    expect(clientToUser({ x: 100, y: 0 }, box, 200, 100)).toEqual({ x: 0, y: 0 });
    expect(clientToUser({ x: 300, y: 100 }, box, 200, 100)).toEqual({ x: 200, y: 100 });
  });

  it("is null for an element that is not laid out", () => {
    expect(clientToUser({ x: 1, y: 1 }, { left: 0, top: 0, width: 0, height: 0 }, 960, 280)).toBeNull();
  });
});

describe("stepBand", () => {
  it("moves and clamps with the keyboard", () => {
    expect(stepBand(-1, "ArrowRight", 5)).toBe(0);
    expect(stepBand(-1, "ArrowLeft", 5)).toBe(4);
    expect(stepBand(4, "ArrowRight", 5)).toBe(4);
    expect(stepBand(0, "ArrowLeft", 5)).toBe(0);
    expect(stepBand(2, "Home", 5)).toBe(0);
    expect(stepBand(2, "End", 5)).toBe(4);
    expect(stepBand(2, "a", 5)).toBe(2);
    expect(stepBand(2, "ArrowRight", 0)).toBe(-1);
  });
});
