import { describe, expect, it } from "vitest";
import { fitWithin } from "./photos";

describe("fitWithin", () => {
  it("scales the longer side to the limit and keeps the proportions", () => {
    expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });
  it("never enlarges a small picture", () => {
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });
  it("keeps at least one pixel of a very thin picture", () => {
    expect(fitWithin(20000, 2)).toEqual({ width: 1600, height: 1 });
  });
});
