// The cumulative repost curve: for each targeted tier, how many accounts had reposted over
// time (first-seen times), drawn as a step line from the launch to now (or to the end of
// monitoring).
import type { CurvePoint } from "../bindings/CurvePoint";
import type { Tier } from "../bindings/Tier";
import type { TierDeadline } from "../bindings/TierDeadline";
import { TIERS } from "../labels";
import { timeValue } from "./dates";

/** [time in ms, accounts reposted] */
export type CurveDatum = [number, number];

export interface CurveSeries {
  tier: Tier;
  data: CurveDatum[];
  /** the tier's deadline (ms), to mark on the chart */
  deadline: number | null;
}

/**
 * One series per tier, main force first: tiers targeted by the push, and any tier the
 * backend sends points for. Each starts at 0 at the launch (when that is before its first
 * point) and holds its last value until `end`. Points at the same time keep the highest
 * count; a count never goes down (a confirmed repost stays confirmed).
 */
export function buildCurveSeries(input: {
  points: readonly CurvePoint[];
  tiers: readonly Tier[];
  deadlines?: readonly TierDeadline[];
  start: string | null;
  end: string | null;
}): CurveSeries[] {
  const start = timeValue(input.start);
  const end = timeValue(input.end);
  const wanted = new Set<Tier>([...input.tiers, ...input.points.map((point) => point.tier)]);
  return TIERS.filter((tier) => wanted.has(tier)).map((tier) => {
    const steps = new Map<number, number>();
    for (const point of input.points) {
      if (point.tier !== tier) continue;
      const at = timeValue(point.at);
      if (at === null) continue;
      steps.set(at, Math.max(steps.get(at) ?? 0, point.reposted));
    }
    const data: CurveDatum[] = [];
    let high = 0;
    for (const at of [...steps.keys()].sort((a, b) => a - b)) {
      high = Math.max(high, steps.get(at)!);
      data.push([at, high]);
    }
    if (start !== null && (data.length === 0 || start < data[0]![0])) data.unshift([start, 0]);
    const last = data.at(-1);
    if (end !== null && last && end > last[0]) data.push([end, last[1]]);
    const due = input.deadlines?.find((deadline) => deadline.tier === tier)?.due_at;
    return { tier, data, deadline: timeValue(due) };
  });
}

/** Whether anything has been reposted yet (otherwise the chart shows a note instead). */
export function curveHasReposts(series: readonly CurveSeries[]): boolean {
  return series.some((entry) => entry.data.some(([, count]) => count > 0));
}
