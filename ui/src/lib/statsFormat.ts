// How the dashboard and the statistics page word their figures: durations, the labels of
// breakdown lines in the chosen language, which figures the summary shows and in what order.
import type { CoverageLine } from "../bindings/CoverageLine";
import type { Figure } from "../bindings/Figure";
import type { Statistics } from "../bindings/Statistics";
import type { Timeliness } from "../bindings/Timeliness";
import type { WorkSummary } from "../bindings/WorkSummary";
import {
  caseSourceLabel,
  isCaseSource,
  isLevel,
  isTier,
  levelLabel,
  tierLabel,
  type Locale,
} from "../labels";

// ---- durations ------------------------------------------------------------------------------

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** One decimal, without a trailing ".0": 2.5, 3. */
function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/**
 * A duration as a coordinator says it: "不到 1 分钟", "45 分钟", "2.5 小时", "4.2 天"
 * (hours up to three days). `null` (nothing measured) is "—".
 */
export function formatDuration(seconds: number | null | undefined, locale: Locale): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const zh = locale === "zh-CN";
  const s = Math.max(0, seconds);
  if (s < MINUTE) return zh ? "不到 1 分钟" : "< 1 min";
  if (s < HOUR) {
    const minutes = Math.floor(s / MINUTE);
    return zh ? `${minutes} 分钟` : `${minutes} min`;
  }
  if (s < 3 * DAY) {
    const hours = oneDecimal(s / HOUR);
    return zh ? `${hours} 小时` : `${hours} h`;
  }
  const days = oneDecimal(s / DAY);
  return zh ? `${days} 天` : `${days} d`;
}

// ---- the labels of breakdown lines ------------------------------------------------------------

/** What a breakdown's lines are: their keys are codes (source, level, tier) or names. */
export type Breakdown = "source" | "subject" | "territory" | "level" | "tier" | "unit";

/** The line of "none" (key ""): cases under no subject, accounts without a unit… */
const NONE_LABELS: Record<Breakdown, Record<Locale, string>> = {
  source: { "zh-CN": "来源不明", en: "Unknown source" },
  subject: { "zh-CN": "未归属属事", en: "No subject" },
  territory: { "zh-CN": "未涉及镇街", en: "No town / street" },
  level: { "zh-CN": "未研判", en: "Not assessed" },
  tier: { "zh-CN": "未分梯队", en: "No tier" },
  unit: { "zh-CN": "未填写责任单位", en: "No unit" },
};

/**
 * A breakdown line's label in the chosen language: codes get the app's labels, names (units,
 * subjects, towns) stay as written, and "" is the "none" line. `fallback` is the backend's
 * (Chinese) label, for a code this UI does not know.
 */
export function breakdownLabel(breakdown: Breakdown, key: string, fallback: string, locale: Locale): string {
  if (key === "") return NONE_LABELS[breakdown][locale];
  if (breakdown === "source" && isCaseSource(key)) return caseSourceLabel(key, locale);
  if (breakdown === "level" && isLevel(key)) return levelLabel(key, locale);
  if (breakdown === "tier" && isTier(key)) return tierLabel(key, locale);
  return fallback.trim() === "" ? key : fallback;
}

// ---- which figures, in which order ---------------------------------------------------------------

export const WORK_KEYS = [
  "cases_recorded",
  "rebuttals_published",
  "pushes_launched",
  "reposts_confirmed",
  "reminders_sent",
] as const;
export type WorkKey = (typeof WORK_KEYS)[number];

/** The figures of a day's or a week's work, in the order the dashboard shows them. */
export function workFigures(summary: WorkSummary): { key: WorkKey; figure: Figure }[] {
  return WORK_KEYS.map((key) => ({ key, figure: summary[key] }));
}

export const SUMMARY_KEYS = ["cases", "rebuttals", "pushes", "targeted", "reposted", "accounts_reached"] as const;
export type SummaryKey = (typeof SUMMARY_KEYS)[number];

/** The period's headline figures, in the order of the summary cards. */
export function summaryFigures(stats: Statistics): { key: SummaryKey; figure: Figure }[] {
  return SUMMARY_KEYS.map((key) => ({ key, figure: stats[key] }));
}

/** Reposted ÷ targeted over the period's pushes; 0 when nothing was targeted. */
export function overallRatio(stats: Pick<Statistics, "targeted" | "reposted">): number {
  return stats.targeted.value > 0 ? stats.reposted.value / stats.targeted.value : 0;
}

export const TIMELINESS_KEYS = ["rebuttal_time", "main_80", "main_100"] as const;
export type TimelinessKey = (typeof TIMELINESS_KEYS)[number];

export function timelinessLines(stats: Statistics): { key: TimelinessKey; timeliness: Timeliness }[] {
  return TIMELINESS_KEYS.map((key) => ({ key, timeliness: stats[key] }));
}

// ---- the leaderboard --------------------------------------------------------------------------

export const LEADER_KEYS = ["fastest", "slowest", "most_missed"] as const;
export type LeaderKey = (typeof LEADER_KEYS)[number];

/**
 * The units a leaderboard pick names, as their lines. The backend names them by label (the
 * unit's name, or its "none" label); a name no line carries is left out.
 */
export function leaderLines(names: readonly string[], units: readonly CoverageLine[]): CoverageLine[] {
  return names
    .map((name) => units.find((line) => line.label === name) ?? units.find((line) => line.key === name))
    .filter((line): line is CoverageLine => line !== undefined);
}
