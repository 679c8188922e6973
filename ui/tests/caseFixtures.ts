// Case records for tests: every field present, overridable.
import type { Case } from "../src/bindings/Case";
import type { CaseSummary } from "../src/bindings/CaseSummary";
import type { LevelPolicy } from "../src/bindings/LevelPolicy";
import type { ActionState } from "../src/bindings/ActionState";
import type { CaseAction } from "../src/bindings/CaseAction";
import type { CaseStatus } from "../src/bindings/CaseStatus";
import type { Refusal } from "../src/bindings/Refusal";
import { REPORT_SOURCES } from "../src/bindings/rules";
import coreTable from "./generated/case_actions.json";

type CoreTable = {
  actions: CaseAction[];
  to: (CaseStatus | null)[];
  refusals: Refusal[];
  rows: Record<string, (number | null)[]>;
};

/**
 * What the core puts in `Case.actions` for a case with these facts: read from the table the
 * Rust rules generate (`make bindings`), so the window's tests render the core's decisions.
 */
export function coreActions(c: Pick<Case, "status" | "source" | "lead_unit" | "rebuttal" | "feedback">): ActionState[] {
  const table = coreTable as CoreTable;
  const bit = (b: boolean) => (b ? 1 : 0);
  const key = [
    c.status,
    bit(REPORT_SOURCES.includes(c.source)),
    bit(!!(c.lead_unit ?? "").trim()),
    bit(c.rebuttal !== null),
    bit(!!(c.feedback ?? "").trim()),
  ].join("|");
  return table.rows[key].map((refusal, i) => ({
    action: table.actions[i],
    to: table.to[i],
    refused: refusal === null ? null : table.refusals[refusal],
  }));
}

/** The record as it would come back after a change: `actions` recomputed by the core's table. */
export function withCoreActions(c: Case): Case {
  return { ...c, actions: coreActions(c) };
}

export function caseRecord(fields: Partial<Case> = {}): Case {
  const record: Case = {
    id: 1,
    title: "龙塔社区发生枪击案",
    content: "网传龙塔社区昨晚发生枪击，多人受伤。",
    platform: "微信群",
    urls: ["https://example.com/post/1"],
    first_seen_at: "2025-03-01 08:30",
    source: "patrol",
    reporter_name: null,
    reporter_contact_masked: null,
    status: "new",
    scores: null,
    risk: null,
    level: null,
    deadlines: null,
    rebuttal_due_at: null,
    overdue: false,
    lead_unit: null,
    co_units: [],
    assignment_note: null,
    rebuttal: null,
    feedback: null,
    feedback_at: null,
    summary: null,
    archived_at: null,
    merged_into: null,
    created_at: "2025-03-01T01:00:00Z",
    updated_at: "2025-03-01T01:00:00Z",
    timeline: [],
    actions: [],
    ...fields,
  };
  return fields.actions ? record : withCoreActions(record);
}

export function caseSummary(fields: Partial<CaseSummary> & Pick<CaseSummary, "id" | "title">): CaseSummary {
  return {
    status: "new",
    level: null,
    source: "patrol",
    lead_unit: null,
    co_units: [],
    first_seen_at: null,
    created_at: "2025-03-01T01:00:00Z",
    rebuttal_due_at: null,
    overdue: false,
    ...fields,
  };
}

/** The backend's default (crates/core/src/rules/level.rs). */
export const DEFAULT_POLICY: LevelPolicy = {
  major_from: 8,
  serious_from: 11,
  critical_from: 13,
  severity_five_is_serious: true,
  deadlines: [
    { rebuttal_hours: 24, main_hours: 12, auxiliary_hours: 24 },
    { rebuttal_hours: 12, main_hours: 6, auxiliary_hours: 12 },
    { rebuttal_hours: 6, main_hours: 3, auxiliary_hours: 6 },
    { rebuttal_hours: 2, main_hours: 1, auxiliary_hours: 3 },
  ],
};
