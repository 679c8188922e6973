// Case records for tests: every field present, overridable.
import type { Case } from "../src/bindings/Case";
import type { CaseSummary } from "../src/bindings/CaseSummary";
import type { LevelPolicy } from "../src/bindings/LevelPolicy";

export function caseRecord(fields: Partial<Case> = {}): Case {
  return {
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
    ...fields,
  };
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
