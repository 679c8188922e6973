import { describe, expect, it } from "vitest";
import { tierCountsOf } from "../src/lib/tierCounts";

describe("tierCountsOf", () => {
  it("takes the backend's count for each tier and shows 0 for a tier it does not name", () => {
    expect(tierCountsOf([])).toEqual({ main: 0, auxiliary: 0, allied: 0 });
    expect(tierCountsOf([{ tier: "allied", count: 2 }, { tier: "main", count: 3 }])).toEqual({ main: 3, auxiliary: 0, allied: 2 });
  });
});
