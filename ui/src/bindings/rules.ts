// Generated from the Rust rules by `make bindings`; do not edit.
import type { CaseSource } from "./CaseSource";
import type { CaseStatus } from "./CaseStatus";

/** Sources whose reporter is told the outcome (CaseSource::is_report). */
export const REPORT_SOURCES: readonly CaseSource[] = ["netizen_report", "department_report"];

/** Statuses in which the rebuttal's deadline is the one that counts. */
export const REBUTTAL_PENDING_STATUSES: readonly CaseStatus[] = ["new", "assessed", "verifying"];

/** The longest name of an account, unit or bot, in characters. */
export const NAME_MAX_CHARS = 100;

/** The longest title of a rumor or rebuttal, in characters. */
export const TITLE_MAX_CHARS = 200;

/** How figures name the group of accounts without a unit or territory. */
export const UNFILLED = "（未填写）";

/** Allowed [min, max] of the platform pace settings (PlatformPace). */
export const PACE_LIMITS = { weibo_interval_s: [1, 600], bridge_interval_s: [0, 600], bridge_concurrency: [1, 8] } as const;
