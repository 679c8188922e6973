// The one place where the code names of tiers, platforms, import actions, case statuses,
// levels, sources, verdicts, bot kinds and delivery purposes get their Chinese and English
// labels (see shared/GLOSSARY.md).
// Components read them through `useLabels()` so that they follow the language switch.
import type { Tier } from "./bindings/Tier";
import type { Platform } from "./bindings/Platform";
import type { ImportAction } from "./bindings/ImportAction";
import type { UnitKind } from "./bindings/UnitKind";
import type { CaseSource } from "./bindings/CaseSource";
import type { CaseStatus } from "./bindings/CaseStatus";
import type { Level } from "./bindings/Level";
import type { Verdict } from "./bindings/Verdict";
import type { BotKind } from "./bindings/BotKind";
import type { DeliveryPurpose } from "./bindings/DeliveryPurpose";
import type { Checkable } from "./bindings/Checkable";

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

/** 可核查: what the last 测试读取 of an account found. */
export const CHECKABLES: readonly Checkable[] = ["auto", "people", "failed"];

export const CHECKABLE_LABELS: Labels<Checkable> = {
  auto: { "zh-CN": "可自动核查", en: "Checked automatically" },
  people: { "zh-CN": "需人工佐证", en: "Needs people's evidence" },
  failed: { "zh-CN": "读取失败", en: "Reading failed" },
};

export const CHECKABLE_TAG_TYPES: Record<Checkable, TagType> = {
  auto: "success",
  people: "warning",
  failed: "danger",
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

// ---- rumor cases (谣言案件) ----------------------------------------------------------------


/** Statuses in workflow order; the closed ones last. */
export const CASE_STATUSES: readonly CaseStatus[] = [
  "new",
  "assessed",
  "verifying",
  "rebuttal_published",
  "pushing",
  "done",
  "archived",
  "declined",
  "merged",
];

/** Levels from the least to the most serious (the backend's order). */
export const LEVELS: readonly Level[] = ["general", "major", "serious", "critical"];

export const CASE_SOURCES: readonly CaseSource[] = ["netizen_report", "patrol", "assigned", "department_report"];

export const CASE_STATUS_LABELS: Labels<CaseStatus> = {
  new: { "zh-CN": "新登记", en: "New" },
  assessed: { "zh-CN": "已研判", en: "Assessed" },
  verifying: { "zh-CN": "核查中", en: "Verifying" },
  rebuttal_published: { "zh-CN": "已发布辟谣", en: "Rebuttal published" },
  pushing: { "zh-CN": "推送中", en: "Pushing" },
  done: { "zh-CN": "已办结", en: "Done" },
  archived: { "zh-CN": "已归档", en: "Archived" },
  declined: { "zh-CN": "不予处置", en: "Declined" },
  merged: { "zh-CN": "已合并", en: "Merged" },
};

/** What the button that moves a case into a status says. */
export const CASE_ACTION_LABELS: Labels<CaseStatus> = {
  new: { "zh-CN": "重新登记", en: "Reopen" },
  assessed: { "zh-CN": "完成研判", en: "Finish assessment" },
  verifying: { "zh-CN": "开始核查", en: "Start verification" },
  rebuttal_published: { "zh-CN": "登记辟谣信息", en: "Record the rebuttal" },
  pushing: { "zh-CN": "标记推送中", en: "Mark as pushing" },
  done: { "zh-CN": "办结", en: "Close the case" },
  archived: { "zh-CN": "归档", en: "Archive" },
  declined: { "zh-CN": "不予处置", en: "Decline" },
  merged: { "zh-CN": "合并到其他案件", en: "Merge into another case" },
};

export const LEVEL_LABELS: Labels<Level> = {
  general: { "zh-CN": "一般", en: "General" },
  major: { "zh-CN": "较大", en: "Major" },
  serious: { "zh-CN": "重大", en: "Serious" },
  critical: { "zh-CN": "特别重大", en: "Critical" },
};

export const CASE_SOURCE_LABELS: Labels<CaseSource> = {
  netizen_report: { "zh-CN": "网民举报", en: "Netizen report" },
  patrol: { "zh-CN": "巡查发现", en: "Found on patrol" },
  assigned: { "zh-CN": "上级交办", en: "Assigned from above" },
  department_report: { "zh-CN": "部门报送", en: "Department report" },
};

/** Where a rumor is usually seen: suggestions for the free-text platform field (stored as typed). */
export const CASE_PLATFORM_SUGGESTIONS: readonly string[] = [
  "微博",
  "微信公众号",
  "微信群",
  "抖音",
  "今日头条",
  "网站",
  "其他",
];

export const CASE_STATUS_TAG_TYPES: Record<CaseStatus, TagType> = {
  new: "warning",
  assessed: "primary",
  verifying: "primary",
  rebuttal_published: "success",
  pushing: "success",
  done: "success",
  archived: "info",
  declined: "info",
  merged: "info",
};

export function isCaseStatus(value: string): value is CaseStatus {
  return (CASE_STATUSES as readonly string[]).includes(value);
}

export function isLevel(value: string): value is Level {
  return (LEVELS as readonly string[]).includes(value);
}

export function isCaseSource(value: string): value is CaseSource {
  return (CASE_SOURCES as readonly string[]).includes(value);
}

/** 0 (一般) … 3 (特别重大), for sorting; -1 when not assessed yet. */
export function levelRank(level: Level | null | undefined): number {
  return level ? LEVELS.indexOf(level) : -1;
}

export function caseStatusLabel(status: CaseStatus, locale: Locale): string {
  return CASE_STATUS_LABELS[status][locale];
}

export function caseActionLabel(status: CaseStatus, locale: Locale): string {
  return CASE_ACTION_LABELS[status][locale];
}

export function levelLabel(level: Level, locale: Locale): string {
  return LEVEL_LABELS[level][locale];
}

export function caseSourceLabel(source: CaseSource, locale: Locale): string {
  return CASE_SOURCE_LABELS[source][locale];
}

// ---- pushes (推送) and group bots (群机器人) -------------------------------------------------

/** Verdicts in the order the board lists them: what needs attention first after 已转载. */
export const VERDICTS: readonly Verdict[] = [
  "reposted",
  "rumor_reposted",
  "not_found",
  "blocked",
  "deleted",
  "unreachable",
  "unreadable",
  "unchecked",
];

export const VERDICT_LABELS: Labels<Verdict> = {
  reposted: { "zh-CN": "已转载", en: "Reposted" },
  not_found: { "zh-CN": "未发现转载", en: "Not found" },
  rumor_reposted: { "zh-CN": "转发了谣言", en: "Reposted the rumor" },
  blocked: { "zh-CN": "被拦截", en: "Blocked" },
  deleted: { "zh-CN": "已删除", en: "Deleted" },
  unreachable: { "zh-CN": "无法访问", en: "Unreachable" },
  unreadable: { "zh-CN": "无法读取", en: "Unreadable" },
  unchecked: { "zh-CN": "需人工确认", en: "Confirm by hand" },
};

/** A target not checked yet (`verdict: null`). */
export const PENDING_VERDICT_LABEL: Record<Locale, string> = { "zh-CN": "待检查", en: "Not checked yet" };

export const VERDICT_TAG_TYPES: Record<Verdict, TagType> = {
  reposted: "success",
  not_found: "warning",
  rumor_reposted: "danger",
  blocked: "info",
  deleted: "info",
  unreachable: "info",
  unreadable: "info",
  unchecked: "primary",
};

export const BOT_KINDS: readonly BotKind[] = ["wecom", "dingtalk", "feishu"];

export const BOT_KIND_LABELS: Labels<BotKind> = {
  wecom: { "zh-CN": "企业微信", en: "WeCom" },
  dingtalk: { "zh-CN": "钉钉", en: "DingTalk" },
  feishu: { "zh-CN": "飞书", en: "Feishu" },
};

export const DELIVERY_PURPOSE_LABELS: Labels<DeliveryPurpose> = {
  notice: { "zh-CN": "推送通知", en: "Notice" },
  reminder: { "zh-CN": "催办", en: "Reminder" },
  test: { "zh-CN": "测试发送", en: "Test" },
};

export function isVerdict(value: string): value is Verdict {
  return (VERDICTS as readonly string[]).includes(value);
}

export function verdictLabel(verdict: Verdict | null, locale: Locale): string {
  return verdict ? VERDICT_LABELS[verdict][locale] : PENDING_VERDICT_LABEL[locale];
}

export function botKindLabel(kind: BotKind, locale: Locale): string {
  return BOT_KIND_LABELS[kind][locale];
}

export function deliveryPurposeLabel(purpose: DeliveryPurpose, locale: Locale): string {
  return DELIVERY_PURPOSE_LABELS[purpose][locale];
}
