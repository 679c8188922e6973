// The one place where the code names of tiers, platforms and import actions get their
// Chinese and English labels (see shared/GLOSSARY.md). Components read them through
// `useLabels()` so that they follow the language switch.
import type { Tier } from "./bindings/Tier";
import type { Platform } from "./bindings/Platform";
import type { ImportAction } from "./bindings/ImportAction";
import type { UnitKind } from "./bindings/UnitKind";

export type Locale = "zh-CN" | "en";
export const LOCALES: readonly Locale[] = ["zh-CN", "en"];

type Labels<K extends string> = Record<K, Record<Locale, string>>;

/** Tiers in the order the office ranks them: main force first. */
export const TIERS: readonly Tier[] = ["main", "auxiliary", "allied"];

export const PLATFORMS: readonly Platform[] = [
  "wechat",
  "weibo",
  "toutiao",
  "douyin",
  "website",
  "group_chat",
  "other",
];

export const TIER_LABELS: Labels<Tier> = {
  main: { "zh-CN": "主力军", en: "Main force" },
  auxiliary: { "zh-CN": "生力军", en: "Auxiliary force" },
  allied: { "zh-CN": "同盟军", en: "Allied force" },
};

/** Short forms for narrow places (table tags, counts); the same as the full label in Chinese. */
export const TIER_SHORT_LABELS: Labels<Tier> = {
  main: { "zh-CN": "主力军", en: "Main" },
  auxiliary: { "zh-CN": "生力军", en: "Auxiliary" },
  allied: { "zh-CN": "同盟军", en: "Allied" },
};

/** One line saying who belongs to each tier, for tooltips and hints. */
export const TIER_DESCRIPTIONS: Labels<Tier> = {
  main: {
    "zh-CN": "网信办、公安等官方账号，须第一时间转发",
    en: "The office's and the police's official accounts; repost first",
  },
  auxiliary: {
    "zh-CN": "区融媒体中心及各部门、镇街政务账号",
    en: "District media centre, departments', towns' and streets' accounts",
  },
  allied: {
    "zh-CN": "同意协助的社会自媒体账号和圈群",
    en: "Self-media accounts and group chats that agreed to help",
  },
};

export const PLATFORM_LABELS: Labels<Platform> = {
  wechat: { "zh-CN": "微信公众号", en: "WeChat" },
  weibo: { "zh-CN": "微博", en: "Weibo" },
  toutiao: { "zh-CN": "今日头条", en: "Toutiao" },
  douyin: { "zh-CN": "抖音", en: "Douyin" },
  website: { "zh-CN": "网站", en: "Website" },
  group_chat: { "zh-CN": "圈群", en: "Group chat" },
  other: { "zh-CN": "其他", en: "Other" },
};

export const IMPORT_ACTION_LABELS: Labels<ImportAction> = {
  create: { "zh-CN": "新增", en: "New" },
  update: { "zh-CN": "更新", en: "Update" },
  invalid: { "zh-CN": "错误", en: "Error" },
};

export const UNIT_KIND_LABELS: Labels<UnitKind> = {
  department: { "zh-CN": "部门", en: "Department" },
  town: { "zh-CN": "镇街", en: "Town / street" },
  media: { "zh-CN": "媒体", en: "Media" },
};

/** Element Plus tag colours: the main force stands out, the allies are quiet. */
export type TagType = "primary" | "success" | "info" | "warning" | "danger";

export const TIER_TAG_TYPES: Record<Tier, TagType> = {
  main: "danger",
  auxiliary: "primary",
  allied: "success",
};

export const IMPORT_ACTION_TAG_TYPES: Record<ImportAction, TagType> = {
  create: "success",
  update: "primary",
  invalid: "danger",
};

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function tierLabel(tier: Tier, locale: Locale): string {
  return TIER_LABELS[tier][locale];
}

export function tierShortLabel(tier: Tier, locale: Locale): string {
  return TIER_SHORT_LABELS[tier][locale];
}

export function platformLabel(platform: Platform, locale: Locale): string {
  return PLATFORM_LABELS[platform][locale];
}

export function importActionLabel(action: ImportAction, locale: Locale): string {
  return IMPORT_ACTION_LABELS[action][locale];
}

/**
 * Import previews carry the text of the file's cell. When it is a code name, show its
 * label; otherwise show the cell as written (the row's errors explain what is wrong).
 */
export function tierText(value: string, locale: Locale): string {
  return isTier(value) ? tierLabel(value, locale) : value;
}

export function platformText(value: string, locale: Locale): string {
  return isPlatform(value) ? platformLabel(value, locale) : value;
}
