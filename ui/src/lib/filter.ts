import type { AccountFilter } from "../bindings/AccountFilter";
import type { Platform } from "../bindings/Platform";
import type { Tier } from "../bindings/Tier";

/** What the ledger toolbar holds: selects are "" (or null/undefined) when cleared. */
export interface FilterState {
  query: string;
  tier: Tier | "" | null | undefined;
  platform: Platform | "" | null | undefined;
  unit: string | null | undefined;
  territory: string | null | undefined;
}

export function emptyFilterState(): FilterState {
  return { query: "", tier: "", platform: "", unit: "", territory: "" };
}

function orNull<T extends string>(value: T | "" | null | undefined): T | null {
  if (value == null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : (trimmed as T);
}

/** The filter sent to `list_accounts`: trimmed, and null wherever nothing is chosen. */
export function buildFilter(state: FilterState): AccountFilter {
  return {
    query: orNull(state.query),
    tier: orNull(state.tier),
    platform: orNull(state.platform),
    unit: orNull(state.unit),
    territory: orNull(state.territory),
  };
}

export function isFilterActive(filter: AccountFilter): boolean {
  return Object.values(filter).some((value) => value !== null);
}
