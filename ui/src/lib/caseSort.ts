import type { CaseSummary } from "../bindings/CaseSummary";
import { levelRank } from "../labels";
import { timeValue } from "./dates";

export type CaseSortKey = "created_at" | "first_seen_at" | "level" | "rebuttal_due_at";
export type SortOrder = "ascending" | "descending";

export interface CaseSort {
  key: CaseSortKey;
  order: SortOrder;
}

/** Newest registrations first, as the list opens. */
export const DEFAULT_CASE_SORT: CaseSort = { key: "created_at", order: "descending" };

function sortValue(row: CaseSummary, key: CaseSortKey): number | null {
  if (key === "level") return row.level ? levelRank(row.level) : null;
  return timeValue(row[key]);
}

/**
 * The rows in the chosen order. Rows without the value (not assessed, no deadline, first
 * sighting unknown) go last in either direction; ties keep the newest registration first.
 */
export function sortCases(rows: readonly CaseSummary[], sort: CaseSort): CaseSummary[] {
  const sign = sort.order === "ascending" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index, value: sortValue(row, sort.key) }))
    .sort((a, b) => {
      if (a.value === null && b.value !== null) return 1;
      if (b.value === null && a.value !== null) return -1;
      if (a.value !== null && b.value !== null && a.value !== b.value) return sign * (a.value - b.value);
      const created = (timeValue(b.row.created_at) ?? 0) - (timeValue(a.row.created_at) ?? 0);
      return created !== 0 ? created : b.row.id - a.row.id || a.index - b.index;
    })
    .map((entry) => entry.row);
}
