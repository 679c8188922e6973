import type { CaseSort } from "../bindings/CaseSort";
import type { CaseSortKey } from "../bindings/CaseSortKey";

/** Newest registrations first, as the list opens (the backend's default order). */
export const DEFAULT_CASE_SORT: CaseSort = { key: "created_at", descending: true };

const KEYS: readonly CaseSortKey[] = ["created_at", "first_seen_at", "level", "rebuttal_due_at"];

/** The order the table's sortable column asks for; cleared or unknown → the default. */
export function caseSortOf(change: { prop: string | null; order: "ascending" | "descending" | null }): CaseSort {
  const key = KEYS.find((k) => k === change.prop);
  return key && change.order ? { key, descending: change.order === "descending" } : { ...DEFAULT_CASE_SORT };
}
