// Drill-downs: what the rows behind a figure are (cases, pushes or push targets) and how the
// drawer that lists them is titled, in either language. The backend's DrillResult.title is
// Chinese only; the drawer says the same thing from the drill itself.
import type { Drill } from "../bindings/Drill";
import type { DrillKind } from "../bindings/DrillKind";
import type { Tier } from "../bindings/Tier";
import { isTier, tierLabel, type Locale } from "../labels";
import { breakdownLabel, type Breakdown } from "./statsFormat";

export type DrillRows = "cases" | "pushes" | "targets";

const ROWS: Record<DrillKind, DrillRows> = {
  cases_recorded: "cases",
  cases_by_source: "cases",
  cases_by_subject: "cases",
  cases_by_territory: "cases",
  cases_by_level: "cases",
  rebuttals_published: "cases",
  rebuttal_time: "cases",
  not_rebutted: "cases",
  cases_overdue: "cases",
  reminders_sent: "pushes",
  pushes_launched: "pushes",
  main_reached: "pushes",
  main_not_reached: "pushes",
  targeted: "targets",
  reposted: "targets",
  unverified: "targets",
  accounts_reached: "targets",
  reposts_confirmed: "targets",
  tier_targeted: "targets",
  tier_reposted: "targets",
  tier_missed: "targets",
  tier_unverified: "targets",
  unit_targeted: "targets",
  unit_reposted: "targets",
  unit_missed: "targets",
  unit_unverified: "targets",
  push_stragglers: "targets",
};

/** Which list the drawer shows for a drill. */
export function drillRows(kind: DrillKind): DrillRows {
  return ROWS[kind];
}

/** Kinds that do not depend on the period (they say how things stand now). */
export function drillIgnoresPeriod(kind: DrillKind): boolean {
  return kind === "cases_overdue" || kind === "push_stragglers";
}

/** The key of a push_stragglers drill, "12:main", read back; null when it is not one. */
export function parseStragglersKey(key: string): { pushId: number; tier: Tier } | null {
  const match = /^(\d+):(\w+)$/.exec(key);
  if (!match) return null;
  const pushId = Number(match[1]);
  const tier = match[2]!;
  return pushId > 0 && isTier(tier) ? { pushId, tier } : null;
}

/** What the key of each kind stands for; kinds without a key are not listed. */
const KEYED: Partial<Record<DrillKind, Breakdown>> = {
  cases_by_source: "source",
  cases_by_subject: "subject",
  cases_by_territory: "territory",
  cases_by_level: "level",
  tier_targeted: "tier",
  tier_reposted: "tier",
  tier_missed: "tier",
  tier_unverified: "tier",
  unit_targeted: "unit",
  unit_reposted: "unit",
  unit_missed: "unit",
  unit_unverified: "unit",
};

/**
 * The drawer's title as an i18n message: `drill.kinds.<kind>` with `{ key }` (the key's label
 * in the chosen language), or `{ push, tier }` for an overdue tier's stragglers. `label` is the
 * backend's label of the key when the caller has one.
 */
export function drillTitleMessage(
  drill: Drill,
  locale: Locale,
  label = "",
): { key: string; params: Record<string, string> } {
  const key = `drill.kinds.${drill.kind}`;
  if (drill.kind === "push_stragglers") {
    const parsed = parseStragglersKey(drill.key);
    return {
      key,
      params: parsed ? { push: String(parsed.pushId), tier: tierLabel(parsed.tier, locale) } : { push: drill.key, tier: "" },
    };
  }
  const breakdown = KEYED[drill.kind];
  if (breakdown) return { key, params: { key: breakdownLabel(breakdown, drill.key, label, locale) } };
  return { key, params: { key: drill.key } };
}
