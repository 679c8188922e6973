import type { CaseFilter } from "../bindings/CaseFilter";
import type { CaseStatus } from "../bindings/CaseStatus";
import type { Level } from "../bindings/Level";
import { charCount } from "./validation";

/** The full-text search matches fragments of two characters or more. */
export const MIN_QUERY_CHARS = 2;

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

/** One character finds nothing useful: the search waits for a second one. */
export function queryTooShort(query: string): boolean {
  const n = charCount(query.trim());
  return n > 0 && n < MIN_QUERY_CHARS;
}

/** The filter sent to `case_list`: trimmed, and null wherever nothing is chosen. */
export function buildCaseFilter(state: CaseFilterState): CaseFilter {
  const query = queryTooShort(state.query) ? null : orNull(state.query);
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
