import type { Tier } from "../bindings/Tier";
import { TIERS } from "../labels";

export type TierCounts = Record<Tier, number>;

/** How many of the listed accounts are in each tier (every tier present, maybe 0). */
export function countByTier(accounts: ReadonlyArray<{ tier: Tier }>): TierCounts {
  const counts = Object.fromEntries(TIERS.map((tier) => [tier, 0])) as TierCounts;
  for (const account of accounts) {
    if (account.tier in counts) counts[account.tier] += 1;
  }
  return counts;
}
