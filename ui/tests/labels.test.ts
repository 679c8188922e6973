import { describe, expect, it } from "vitest";
import {
  IMPORT_ACTION_LABELS,
  LOCALES,
  PLATFORMS,
  PLATFORM_LABELS,
  TIERS,
  TIER_LABELS,
  TIER_TAG_TYPES,
  isLocale,
  isPlatform,
  isTier,
  platformLabel,
  platformText,
  tierLabel,
  tierShortLabel,
  tierText,
} from "../src/labels";

describe("labels", () => {
  it("names the three tiers as the office does, main force first", () => {
    expect(TIERS).toEqual(["main", "auxiliary", "allied"]);
    expect(TIERS.map((tier) => tierLabel(tier, "zh-CN"))).toEqual(["主力军", "生力军", "同盟军"]);
    expect(tierLabel("allied", "en")).toBe("Allied force");
    // short forms for table tags: the same in Chinese, one word in English
    expect(TIERS.map((tier) => tierShortLabel(tier, "zh-CN"))).toEqual(["主力军", "生力军", "同盟军"]);
    expect(tierShortLabel("auxiliary", "en")).toBe("Auxiliary");
  });

  it("has a label in every language for every tier, platform and import action", () => {
    for (const locale of LOCALES) {
      for (const tier of TIERS) expect(TIER_LABELS[tier][locale]).toBeTruthy();
      for (const platform of PLATFORMS) expect(PLATFORM_LABELS[platform][locale]).toBeTruthy();
      for (const action of ["create", "update", "invalid"] as const)
        expect(IMPORT_ACTION_LABELS[action][locale]).toBeTruthy();
    }
    expect(platformLabel("wechat", "zh-CN")).toBe("微信公众号");
    expect(platformLabel("group_chat", "zh-CN")).toBe("圈群");
  });

  it("gives every tier a distinct tag colour", () => {
    expect(new Set(TIERS.map((tier) => TIER_TAG_TYPES[tier])).size).toBe(3);
  });

  it("recognises code names only", () => {
    expect(isTier("main")).toBe(true);
    expect(isTier("主力军")).toBe(false);
    expect(isPlatform("douyin")).toBe(true);
    expect(isPlatform("tiktok")).toBe(false);
    expect(isLocale("en")).toBe(true);
    expect(isLocale("fr")).toBe(false);
    expect(isLocale(null)).toBe(false);
  });

  it("shows an import cell's text as written when it is not a code name", () => {
    expect(tierText("auxiliary", "zh-CN")).toBe("生力军");
    expect(tierText("第四梯队", "zh-CN")).toBe("第四梯队");
    expect(platformText("weibo", "en")).toBe("Weibo");
    expect(platformText("快手", "en")).toBe("快手");
  });
});
