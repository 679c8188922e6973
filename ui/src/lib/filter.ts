import type { AccountFilter } from "../bindings/AccountFilter";
import type { Checkable } from "../bindings/Checkable";
import type { Platform } from "../bindings/Platform";
import type { Tier } from "../bindings/Tier";

/** What the ledger toolbar holds: selects are "" (or null/undefined) when cleared. */
export interface FilterState {
  query: string;
  tier: Tier | "" | null | undefined;
  platform: Platform | "" | null | undefined;
  unit: string | null | undefined;
  territory: string | null | undefined;
  /** 可核查, as the last tests found. */
  checkable?: Checkable | "" | null;
}

export function emptyFilterState(): FilterState {
  return { query: "", tier: "", platform: "", unit: "", territory: "", checkable: "" };
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
    // sent only when chosen (the backend reads a missing field as "any")
    ...(orNull(state.checkable) ? { checkable: orNull(state.checkable)! } : {}),
  };
}

export function isFilterActive(filter: AccountFilter): boolean {
  return Object.values(filter).some((value) => value !== null);
}
