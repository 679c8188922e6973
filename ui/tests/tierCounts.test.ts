import { describe, expect, it } from "vitest";
import { countByTier } from "../src/lib/tierCounts";

describe("countByTier", () => {
  it("counts each tier and shows 0 for a tier with no account", () => {
    expect(countByTier([])).toEqual({ main: 0, auxiliary: 0, allied: 0 });
    expect(
      countByTier([{ tier: "main" }, { tier: "allied" }, { tier: "main" }, { tier: "main" }, { tier: "allied" }]),
    ).toEqual({ main: 3, auxiliary: 0, allied: 2 });
  });
});
