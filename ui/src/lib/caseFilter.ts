import type { CaseFilter } from "../bindings/CaseFilter";
import type { CaseStatus } from "../bindings/CaseStatus";
import type { Level } from "../bindings/Level";
/** What the case list's toolbar holds: selects are "" (or null/undefined) when cleared. */
export interface CaseFilterState {
  query: string;
  status: CaseStatus | "" | null | undefined;
  level: Level | "" | null | undefined;
  unit: string | null | undefined;
  subject: string | null | undefined;
  territory: string | null | undefined;
  /** Registered from / to, "YYYY-MM-DD" each (the date-range picker's value). */
  dates: [string, string] | string[] | null | undefined;
}

export function emptyCaseFilterState(): CaseFilterState {
  return { query: "", status: "", level: "", unit: "", subject: "", territory: "", dates: null };
}

function orNull<T extends string>(value: T | "" | null | undefined): T | null {
  if (value == null) return null;
  const trimmed = value.trim();
  return trimmed === "" ? null : (trimmed as T);
}

/**
 * The filter sent to `case_list`: trimmed, and null wherever nothing is chosen. The full-text
 * search matches any fragment, a single character too.
 */
export function buildCaseFilter(state: CaseFilterState): CaseFilter {
  const query = orNull(state.query);
  const [from, to] = state.dates ?? [];
  return {
    query,
    status: orNull(state.status),
    level: orNull(state.level),
    unit: orNull(state.unit),
    subject: orNull(state.subject),
    territory: orNull(state.territory),
    from: orNull(from),
    to: orNull(to),
  };
}

export function isCaseFilterActive(filter: CaseFilter): boolean {
  return Object.values(filter).some((value) => value !== null);
}
