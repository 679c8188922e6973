// Dashboard and statistics records for tests: every field present, overridable.
import type { Bucket } from "../src/bindings/Bucket";
import type { CoverageLine } from "../src/bindings/CoverageLine";
import type { Dashboard } from "../src/bindings/Dashboard";
import type { DrillKind } from "../src/bindings/DrillKind";
import type { DrillResult } from "../src/bindings/DrillResult";
import type { Figure } from "../src/bindings/Figure";
import type { OverdueTier } from "../src/bindings/OverdueTier";
import type { PushLine } from "../src/bindings/PushLine";
import type { Statistics } from "../src/bindings/Statistics";
import type { TargetLine } from "../src/bindings/TargetLine";
import type { Timeliness } from "../src/bindings/Timeliness";
import type { WorkSummary } from "../src/bindings/WorkSummary";
import { LEVEL_LABELS } from "../src/labels";

export function figure(value: number, kind: DrillKind, key = ""): Figure {
  return { value, drill: { kind, key } };
}

export function bucket(kind: DrillKind, key: string, label: string, value: number): Bucket {
  return { key, label, value, drill: { kind, key } };
}

export function workSummary(
  values: Partial<Record<"cases_recorded" | "rebuttals_published" | "pushes_launched" | "reposts_confirmed" | "reminders_sent", number>> = {},
  period = { from: "2026-03-02", to: "2026-03-04" },
): WorkSummary {
  return {
    period,
    cases_recorded: figure(values.cases_recorded ?? 0, "cases_recorded"),
    rebuttals_published: figure(values.rebuttals_published ?? 0, "rebuttals_published"),
    pushes_launched: figure(values.pushes_launched ?? 0, "pushes_launched"),
    reposts_confirmed: figure(values.reposts_confirmed ?? 0, "reposts_confirmed"),
    reminders_sent: figure(values.reminders_sent ?? 0, "reminders_sent"),
  };
}

export function overdueTier(fields: Partial<OverdueTier> = {}): OverdueTier {
  const base = {
    push_id: 7,
    case_id: 5,
    case_title: "龙塔社区发生枪击案",
    tier: "main" as const,
    due_at: "2026-03-04T05:00:00Z",
    targeted: 10,
    reposted: 7,
    ...fields,
  };
  return { ...base, stragglers: fields.stragglers ?? figure(base.targeted - base.reposted, "push_stragglers", `${base.push_id}:${base.tier}`) };
}

export function dashboardRecord(fields: Partial<Dashboard> = {}): Dashboard {
  return {
    now: "2026-03-04T08:00:00Z",
    active_pushes: [],
    overdue_cases: [],
    overdue_count: figure(0, "cases_overdue"),
    overdue_tiers: [],
    today: workSummary({}, { from: "2026-03-04", to: "2026-03-04" }),
    week: workSummary(),
    checkable: [],
    ...fields,
  };
}

export function coverageLine(
  breakdown: "tier" | "unit",
  key: string,
  fields: { label?: string; targeted?: number; reposted?: number; missed?: number; unverified?: number; median?: number | null } = {},
): CoverageLine {
  const targeted = fields.targeted ?? 10;
  const reposted = fields.reposted ?? 8;
  const kinds =
    breakdown === "tier"
      ? (["tier_targeted", "tier_reposted", "tier_missed", "tier_unverified"] as const)
      : (["unit_targeted", "unit_reposted", "unit_missed", "unit_unverified"] as const);
  return {
    key,
    label: fields.label ?? key,
    targeted: figure(targeted, kinds[0], key),
    reposted: figure(reposted, kinds[1], key),
    missed: figure(fields.missed ?? 0, kinds[2], key),
    unverified: figure(fields.unverified ?? 0, kinds[3], key),
    ratio: targeted > 0 ? reposted / targeted : 0,
    median_seconds: fields.median === undefined ? 1800 : fields.median,
  };
}

export function timeliness(
  kinds: [DrillKind, DrillKind],
  key: string,
  fields: { measured?: number; median?: number | null; p90?: number | null; notReached?: number } = {},
): Timeliness {
  return {
    measured: figure(fields.measured ?? 0, kinds[0], key),
    median_seconds: fields.median ?? null,
    p90_seconds: fields.p90 ?? null,
    not_reached: figure(fields.notReached ?? 0, kinds[1], key),
  };
}

export function statisticsRecord(fields: Partial<Statistics> = {}): Statistics {
  return {
    period: { from: "2026-01-01", to: "2026-12-31" },
    computed_at: "2026-03-04T08:00:00Z",
    cases: figure(34, "cases_recorded"),
    by_source: [
      bucket("cases_by_source", "netizen_report", "网民举报", 20),
      bucket("cases_by_source", "patrol", "巡查发现", 14),
      bucket("cases_by_source", "assigned", "上级交办", 0),
      bucket("cases_by_source", "department_report", "部门报送", 0),
    ],
    by_subject: [bucket("cases_by_subject", "公安", "公安", 12), bucket("cases_by_subject", "", "未归属属事", 5)],
    by_territory: [bucket("cases_by_territory", "龙塔街道", "龙塔街道", 9), bucket("cases_by_territory", "", "未涉及镇街", 25)],
    by_level: (["general", "major", "serious", "critical"] as const).map((level, index) =>
      bucket("cases_by_level", level, LEVEL_LABELS[level]["zh-CN"], [20, 8, 4, 2][index]!),
    ),
    rebuttals: figure(21, "rebuttals_published"),
    pushes: figure(18, "pushes_launched"),
    targeted: figure(400, "targeted"),
    reposted: figure(356, "reposted"),
    accounts_reached: figure(120, "accounts_reached"),
    coverage_by_tier: [
      coverageLine("tier", "main", { label: "主力军", targeted: 100, reposted: 98, missed: 2, median: 1200 }),
      coverageLine("tier", "auxiliary", { label: "生力军", targeted: 300, reposted: 258, missed: 30, median: 5400 }),
    ],
    units: [
      coverageLine("unit", "区公安分局", { targeted: 40, reposted: 40, median: 600 }),
      coverageLine("unit", "龙塔街道办事处", { targeted: 60, reposted: 50, missed: 6, median: 9000 }),
      coverageLine("unit", "", { label: "（未填写）", targeted: 5, reposted: 0, missed: 5, median: null }),
    ],
    fastest: ["区公安分局", "龙塔街道办事处"],
    slowest: ["龙塔街道办事处", "区公安分局"],
    most_missed: ["龙塔街道办事处", "（未填写）"],
    rebuttal_time: timeliness(["rebuttal_time", "not_rebutted"], "", { measured: 21, median: 9000, p90: 30_000, notReached: 3 }),
    main_80: timeliness(["main_reached", "main_not_reached"], "80", { measured: 16, median: 1500, p90: 3600, notReached: 2 }),
    main_100: timeliness(["main_reached", "main_not_reached"], "100", { measured: 12, median: 4000, p90: 20_000, notReached: 6 }),
    ...fields,
  };
}

export function pushLine(fields: Partial<PushLine> = {}): PushLine {
  return {
    push_id: 7,
    case_id: 5,
    case_title: "龙塔社区发生枪击案",
    status: "finished",
    launched_at: "2026-03-01T04:00:00Z",
    targeted: 20,
    reposted: 18,
    main_targeted: 5,
    main_reposted: 5,
    main_80_at: "2026-03-01T04:20:00Z",
    main_100_at: "2026-03-01T05:00:00Z",
    reminders: 0,
    ...fields,
  };
}

export function targetLine(fields: Partial<TargetLine> & Pick<TargetLine, "account_id" | "account">): TargetLine {
  return {
    push_id: 7,
    case_id: 5,
    case_title: "龙塔社区发生枪击案",
    launched_at: "2026-03-01T04:00:00Z",
    platform: "weibo",
    tier: "main",
    unit: null,
    verdict: null,
    first_seen_at: null,
    due_at: null,
    ...fields,
  };
}

export function drillResult(fields: Partial<DrillResult> & Pick<DrillResult, "drill">): DrillResult {
  const base = { title: "", total: 0, page: 1, page_size: 50, cases: [], pushes: [], targets: [], ...fields };
  // as the backend lists them: one row per case, push or target unless said otherwise
  return { rows_total: fields.rows_total ?? base.total, ...base };
}
