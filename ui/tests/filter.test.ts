import { describe, expect, it } from "vitest";
import { buildFilter, emptyFilterState, isFilterActive } from "../src/lib/filter";

describe("buildFilter", () => {
  it("sends nulls when nothing is chosen", () => {
    const filter = buildFilter(emptyFilterState());
    expect(filter).toEqual({ query: null, tier: null, platform: null, unit: null, territory: null });
    expect(isFilterActive(filter)).toBe(false);
  });

  it("trims the search text and keeps chosen values", () => {
    const filter = buildFilter({
      query: "  平安 ",
      tier: "main",
      platform: "weibo",
      unit: "区公安分局",
      territory: "临江街道",
    });
    expect(filter).toEqual({
      query: "平安",
      tier: "main",
      platform: "weibo",
      unit: "区公安分局",
      territory: "临江街道",
    });
    expect(isFilterActive(filter)).toBe(true);
  });

  it("treats blank text and cleared selects (undefined or null) as no filter", () => {
    expect(buildFilter({ query: "   ", tier: undefined, platform: null, unit: "", territory: undefined })).toEqual({
      query: null,
      tier: null,
      platform: null,
      unit: null,
      territory: null,
    });
    expect(isFilterActive(buildFilter({ ...emptyFilterState(), territory: "东湖镇" }))).toBe(true);
  });
});
