// Generated from the Rust rules by `make bindings`; do not edit.
import type { CaseSource } from "./CaseSource";
import type { CaseStatus } from "./CaseStatus";

/** Sources whose reporter is told the outcome (CaseSource::is_report). */
export const REPORT_SOURCES: readonly CaseSource[] = ["netizen_report", "department_report"];

/** Statuses in which the rebuttal's deadline is the one that counts. */
export const REBUTTAL_PENDING_STATUSES: readonly CaseStatus[] = ["new", "assessed", "verifying"];
