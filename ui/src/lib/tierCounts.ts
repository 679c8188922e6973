import type { Tier } from "../bindings/Tier";
import type { TierCount } from "../bindings/TierCount";
import { TIERS } from "../labels";

export type TierCounts = Record<Tier, number>;

/** The backend's per-tier counts as a table of every tier (a tier it does not name: 0). */
export function tierCountsOf(counts: readonly TierCount[]): TierCounts {
  const table = Object.fromEntries(TIERS.map((tier) => [tier, 0])) as TierCounts;
  for (const c of counts) if (c.tier in table) table[c.tier] = c.count;
  return table;
}
