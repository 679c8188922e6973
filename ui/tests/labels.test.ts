import { describe, expect, it } from "vitest";
import {
  BOT_KINDS,
  BOT_KIND_LABELS,
  CASE_ACTION_LABELS,
  CASE_PLATFORM_SUGGESTIONS,
  CASE_SOURCES,
  CASE_SOURCE_LABELS,
  CASE_STATUSES,
  CASE_STATUS_LABELS,
  CASE_STATUS_TAG_TYPES,
  DELIVERY_PURPOSE_LABELS,
  IMPORT_ACTION_LABELS,
  LEVELS,
  LEVEL_LABELS,
  LOCALES,
  PLATFORMS,
  PLATFORM_LABELS,
  TIERS,
  TIER_LABELS,
  TIER_TAG_TYPES,
  VERDICTS,
  VERDICT_LABELS,
  VERDICT_TAG_TYPES,
  botKindLabel,
  caseSourceLabel,
  caseStatusLabel,
  deliveryPurposeLabel,
  isCaseSource,
  isCaseStatus,
  isLevel,
  isLocale,
  isPlatform,
  levelLabel,
  levelRank,
  isTier,
  isVerdict,
  platformLabel,
  platformText,
  tierLabel,
  tierShortLabel,
  tierText,
  verdictLabel,
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

describe("case labels", () => {
  it("names statuses, levels and sources as the office does", () => {
    expect(CASE_STATUSES.map((status) => caseStatusLabel(status, "zh-CN"))).toEqual([
      "新登记",
      "已研判",
      "核查中",
      "已发布辟谣",
      "推送中",
      "已办结",
      "已归档",
      "不予处置",
      "已合并",
    ]);
    expect(LEVELS.map((level) => levelLabel(level, "zh-CN"))).toEqual(["一般", "较大", "重大", "特别重大"]);
    expect(CASE_SOURCES.map((source) => caseSourceLabel(source, "zh-CN"))).toEqual([
      "网民举报",
      "巡查发现",
      "上级交办",
      "部门报送",
    ]);
    for (const locale of LOCALES) {
      for (const status of CASE_STATUSES) {
        expect(CASE_STATUS_LABELS[status][locale]).toBeTruthy();
        expect(CASE_ACTION_LABELS[status][locale]).toBeTruthy();
        expect(CASE_STATUS_TAG_TYPES[status]).toBeTruthy();
      }
      for (const level of LEVELS) expect(LEVEL_LABELS[level][locale]).toBeTruthy();
      for (const source of CASE_SOURCES) expect(CASE_SOURCE_LABELS[source][locale]).toBeTruthy();
    }
    expect(CASE_PLATFORM_SUGGESTIONS).toEqual(["微博", "微信公众号", "微信群", "抖音", "今日头条", "网站", "其他"]);
  });

  it("ranks levels for sorting and recognises code names only", () => {
    expect(LEVELS.map(levelRank)).toEqual([0, 1, 2, 3]);
    expect(levelRank(null)).toBe(-1);
    expect(isLevel("critical")).toBe(true);
    expect(isLevel("特别重大")).toBe(false);
    expect(isCaseStatus("rebuttal_published")).toBe(true);
    expect(isCaseStatus("closed")).toBe(false);
    expect(isCaseSource("patrol")).toBe(true);
    expect(isCaseSource("巡查发现")).toBe(false);
  });
});

describe("push labels", () => {
  it("names verdicts as the glossary does, with 待检查 for a target not checked yet", () => {
    expect(VERDICTS.map((verdict) => verdictLabel(verdict, "zh-CN"))).toEqual([
      "已转载",
      "转发了谣言",
      "未发现转载",
      "被拦截",
      "已删除",
      "无法访问",
      "无法读取",
      "需人工确认",
    ]);
    expect(verdictLabel(null, "zh-CN")).toBe("待检查");
    expect(verdictLabel(null, "en")).toBe("Not checked yet");
    expect(VERDICT_TAG_TYPES.rumor_reposted).toBe("danger");
    expect(VERDICT_TAG_TYPES.reposted).toBe("success");
    expect(isVerdict("blocked")).toBe(true);
    expect(isVerdict("已转载")).toBe(false);
  });

  it("names bot kinds and delivery purposes in both languages", () => {
    expect(BOT_KINDS.map((kind) => botKindLabel(kind, "zh-CN"))).toEqual(["企业微信", "钉钉", "飞书"]);
    expect(botKindLabel("feishu", "en")).toBe("Feishu");
    expect(deliveryPurposeLabel("reminder", "zh-CN")).toBe("催办");
    for (const locale of LOCALES) {
      for (const verdict of VERDICTS) expect(VERDICT_LABELS[verdict][locale]).toBeTruthy();
      for (const kind of BOT_KINDS) expect(BOT_KIND_LABELS[kind][locale]).toBeTruthy();
      for (const purpose of ["notice", "reminder", "test"] as const)
        expect(DELIVERY_PURPOSE_LABELS[purpose][locale]).toBeTruthy();
    }
  });
});
