// The launch form (发起推送): which accounts, which deadlines, which notice. Pure functions;
// LaunchDialog.vue holds the state.
import type { PushLaunch } from "../bindings/PushLaunch";
import type { TargetFilter } from "../bindings/TargetFilter";
import type { Tier } from "../bindings/Tier";
import type { TierDeadline } from "../bindings/TierDeadline";
import { TIERS } from "../labels";
import { isPast, toPickerValue, toUtcRfc3339 } from "./dates";
import type { TierCounts } from "./tierCounts";

/** The filter with the accounts unticked in the preview left out (the backend counts them). */
export function withExcluded(filter: TargetFilter, excluded: ReadonlySet<number>): TargetFilter {
  return { ...filter, exclude: [...excluded].sort((a, b) => a - b) };
}

/** Tiers with at least one account targeted, main force first: each needs a deadline. */
export function targetedTiers(counts: TierCounts): Tier[] {
  return TIERS.filter((tier) => counts[tier] > 0);
}

export type DeadlineValues = Partial<Record<Tier, string>>;

/**
 * Picker values ("YYYY-MM-DD HH:mm", local) for every tier, from the draft's deadlines. A tier
 * the draft has none for takes the next tier up's (the allied force follows the auxiliary
 * force, as the backend does), else the latest deadline of the draft.
 */
export function draftDeadlineValues(deadlines: readonly TierDeadline[]): DeadlineValues {
  const given = new Map(deadlines.map((deadline) => [deadline.tier, toPickerValue(deadline.due_at)]));
  const latest = [...given.values()].filter((value) => value !== "").sort().at(-1) ?? "";
  const values: DeadlineValues = {};
  let previous = "";
  for (const tier of TIERS) {
    const own = given.get(tier) ?? "";
    values[tier] = own || previous || latest;
    previous = values[tier]!;
  }
  return values;
}

/** The deadlines to send for the targeted tiers; tiers without a readable time are left out. */
export function launchDeadlines(tiers: readonly Tier[], values: DeadlineValues): TierDeadline[] {
  const deadlines: TierDeadline[] = [];
  for (const tier of tiers) {
    const dueAt = toUtcRfc3339(values[tier]);
    if (dueAt) deadlines.push({ tier, due_at: dueAt });
  }
  return deadlines;
}

/** A stable key of a deadline list: the notice is re-rendered when it changes. */
export function deadlinesKey(deadlines: readonly TierDeadline[]): string {
  return deadlines.map((deadline) => `${deadline.tier}=${deadline.due_at}`).join(";");
}

/**
 * Whether the notice still is what the template gave (so it may be re-rendered when the
 * deadlines change), or the coordinator has edited it by hand. An emptied notice follows
 * the template again.
 */
export function noticeFollowsTemplate(notice: string, lastRendered: string): boolean {
  return notice.trim() === "" || notice.trim() === lastRendered.trim();
}

export type LaunchProblem =
  | { kind: "no_targets" }
  | { kind: "deadline_missing"; tier: Tier }
  | { kind: "deadline_past"; tier: Tier }
  | { kind: "notice_empty" };

/** What stops a launch, in the order the form shows it. */
export function checkLaunch(
  tiers: readonly Tier[],
  values: DeadlineValues,
  notice: string,
  now: Date = new Date(),
): LaunchProblem[] {
  const problems: LaunchProblem[] = [];
  if (tiers.length === 0) problems.push({ kind: "no_targets" });
  for (const tier of tiers) {
    const dueAt = toUtcRfc3339(values[tier]);
    if (!dueAt) problems.push({ kind: "deadline_missing", tier });
    else if (isPast(dueAt, now)) problems.push({ kind: "deadline_past", tier });
  }
  if (notice.trim() === "") problems.push({ kind: "notice_empty" });
  return problems;
}

export function buildLaunch(input: {
  caseId: number;
  filter: TargetFilter;
  excluded: ReadonlySet<number>;
  tiers: readonly Tier[];
  values: DeadlineValues;
  notice: string;
  botIds: readonly number[];
}): PushLaunch {
  return {
    case_id: input.caseId,
    filter: withExcluded(input.filter, input.excluded),
    deadlines: launchDeadlines(input.tiers, input.values),
    notice: input.notice.trim(),
    bot_ids: [...input.botIds],
  };
}
