// The dashboard (工作台): when it is a fresh install, and where its lines lead.
import type { RouteLocationRaw } from "vue-router";
import type { Dashboard } from "../bindings/Dashboard";
import type { OverdueTier } from "../bindings/OverdueTier";
import { parseTime } from "./dates";
import { emptyTargetsFilter, targetsFilterToQuery } from "./targetsFilter";
import { workFigures } from "./statsFormat";

/**
 * Nothing to show yet: no account in the ledger, nothing running or late, no work this week.
 * The dashboard then points to the ledger and the demo instead of empty sections.
 */
export function isFreshInstall(dashboard: Dashboard, accounts: number): boolean {
  return (
    accounts === 0 &&
    dashboard.active_pushes.length === 0 &&
    dashboard.overdue_count.value === 0 &&
    dashboard.overdue_tiers.length === 0 &&
    workFigures(dashboard.week).every((entry) => entry.figure.value === 0)
  );
}

/** The push's board, its targets table showing the tier's accounts that have not reposted. */
export function stragglersLocation(tier: Pick<OverdueTier, "push_id" | "tier">): RouteLocationRaw {
  return {
    name: "push",
    params: { id: String(tier.push_id) },
    query: targetsFilterToQuery({ ...emptyTargetsFilter(), tier: tier.tier, stragglers: true }),
  };
}

/** Whole minutes from `dueAt` to `now` (0 when not past or unreadable). */
export function minutesLate(dueAt: string | null | undefined, now: Date): number {
  const due = parseTime(dueAt);
  return due ? Math.max(0, Math.floor((now.getTime() - due.getTime()) / 60_000)) : 0;
}
