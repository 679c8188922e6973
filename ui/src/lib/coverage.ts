// Figures of the coverage board and the push list: percentages, deadlines, the breakdown of
// a tier by verdict, the order of pushes.
import type { Push } from "../bindings/Push";
import type { PushSummary } from "../bindings/PushSummary";
import type { Tier } from "../bindings/Tier";
import type { TierCoverage } from "../bindings/TierCoverage";
import { isPast, timeValue } from "./dates";
import type { VerdictFilter } from "./targetsFilter";

/**
 * A ratio as a whole percentage, never rounded up to 100 % while one account is missing
 * (199 of 200 is 99 %, not 100 %).
 */
export function percent(ratio: number): number {
  if (!Number.isFinite(ratio) || ratio <= 0) return 0;
  if (ratio >= 1) return 100;
  return Math.min(99, Math.floor(ratio * 100 + 1e-9));
}

export function tierDeadline(push: Pick<Push, "deadlines">, tier: Tier): string | null {
  return push.deadlines.find((deadline) => deadline.tier === tier)?.due_at ?? null;
}

/**
 * 已超时: the tier's deadline has passed and some targets have still not reposted (the
 * backend's count, which leaves out the accounts the checker could not see).
 */
export function tierOverdue(dueAt: string | null, coverage: Pick<TierCoverage, "stragglers">, now: Date = new Date()): boolean {
  return coverage.stragglers > 0 && isPast(dueAt, now);
}

export type RatioState = "done" | "good" | "low";

/** The colour of a coverage bar: complete, at least half, or behind. */
export function ratioState(ratio: number): RatioState {
  if (ratio >= 1) return "done";
  return ratio >= 0.5 ? "good" : "low";
}

/** The not-reposted verdicts of a tier, in the order the board lists them; zeros left out. */
const BREAKDOWN: readonly { verdict: VerdictFilter; field: keyof TierCoverage }[] = [
  { verdict: "rumor_reposted", field: "rumor_reposted" },
  { verdict: "not_found", field: "not_found" },
  { verdict: "unchecked", field: "unchecked" },
  { verdict: "blocked", field: "blocked" },
  { verdict: "deleted", field: "deleted" },
  { verdict: "unreachable", field: "unreachable" },
  { verdict: "unreadable", field: "unreadable" },
  { verdict: "pending", field: "pending" },
];

export function verdictBreakdown(coverage: TierCoverage): { verdict: VerdictFilter; count: number }[] {
  return BREAKDOWN.map(({ verdict, field }) => ({ verdict, count: Number(coverage[field]) || 0 })).filter(
    (entry) => entry.count > 0,
  );
}

/** Pushes still monitored first, then the newest first. */
export function sortPushes(list: readonly PushSummary[]): PushSummary[] {
  return [...list].sort((a, b) => {
    if (a.monitor.active !== b.monitor.active) return a.monitor.active ? -1 : 1;
    const diff = (timeValue(b.push.created_at) ?? 0) - (timeValue(a.push.created_at) ?? 0);
    return diff !== 0 ? diff : b.push.id - a.push.id;
  });
}
