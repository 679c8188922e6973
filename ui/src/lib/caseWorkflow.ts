// Which step of a case is possible in which status. A mirror of the Rust rules
// (crates/core/src/rules/workflow.rs): the backend enforces them and answers with a
// Chinese message when a move is refused; the UI uses them to offer only possible steps.
import type { Case } from "../bindings/Case";
import type { CaseSource } from "../bindings/CaseSource";
import type { CaseStatus } from "../bindings/CaseStatus";
import { timeValue } from "./dates";

export const NEXT_STATUSES: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ["assessed", "declined", "merged"],
  assessed: ["verifying", "declined", "merged"],
  verifying: ["rebuttal_published", "declined"],
  rebuttal_published: ["pushing", "done"],
  pushing: ["done"],
  done: ["archived"],
  declined: ["archived"],
  archived: [],
  merged: [],
};

/**
 * Statuses a case reaches through a form of its own rather than a plain button: 研判 saves
 * scores, 辟谣信息 records the rebuttal, 归档 needs a summary, 合并 needs the other case.
 */
export const STATUSES_BY_FORM: readonly CaseStatus[] = ["assessed", "rebuttal_published", "archived", "merged"];

export function canMove(from: CaseStatus, to: CaseStatus): boolean {
  return NEXT_STATUSES[from].includes(to);
}

/** Archived and merged cases are read-only. */
export function isFrozen(status: CaseStatus): boolean {
  return status === "archived" || status === "merged";
}

/** Reports have a reporter, who gets feedback before the case is archived. */
export function isReportSource(source: CaseSource): boolean {
  return source === "netizen_report" || source === "department_report";
}

/** The status buttons of a case page, in workflow order (the forward step first). */
export function transitionActions(status: CaseStatus): CaseStatus[] {
  return NEXT_STATUSES[status].filter((to) => !STATUSES_BY_FORM.includes(to));
}

type CaseFacts = Pick<Case, "status" | "source" | "feedback" | "lead_unit">;

export type TransitionBlock = "needs_lead_unit";

/** Why a status button is not usable yet, or null. */
export function transitionBlock(c: CaseFacts, to: CaseStatus): TransitionBlock | null {
  if (to === "verifying" && !(c.lead_unit ?? "").trim()) return "needs_lead_unit";
  return null;
}

/** 研判: first assessment of a new case, or a correction before verification starts. */
export function canAssess(status: CaseStatus): boolean {
  return status === "new" || status === "assessed";
}

/** 辟谣主体: chosen once the case is assessed, and may change while it is verified. */
export function canAssign(status: CaseStatus): boolean {
  return status === "assessed" || status === "verifying";
}

/** 辟谣信息: recorded while the case is being verified. */
export function canRecordRebuttal(status: CaseStatus): boolean {
  return status === "verifying";
}

/** 合并: only a case not yet verified may be merged into another. */
export function canMerge(status: CaseStatus): boolean {
  return canMove(status, "merged");
}

/** 反馈: for reports, once there is an outcome to tell the reporter. */
export function canGiveFeedback(c: Pick<Case, "status" | "source">): boolean {
  if (!isReportSource(c.source)) return false;
  return ["rebuttal_published", "pushing", "done", "declined"].includes(c.status);
}

export type ArchiveBlock = "frozen" | "status" | "feedback";

/** Why 归档 is not possible now, or null when it is. */
export function archiveBlock(c: CaseFacts): ArchiveBlock | null {
  if (isFrozen(c.status)) return "frozen";
  if (!canMove(c.status, "archived")) return "status";
  if (isReportSource(c.source) && !(c.feedback ?? "").trim()) return "feedback";
  return null;
}

// ---- the sections of the case page ------------------------------------------------------

/**
 * How a section of the case page stands. `active`: its step can be done now; `done`: it
 * was done and is shown read-only; `waiting`: an earlier step comes first; `frozen`: the
 * case is archived or merged.
 */
export type SectionState = "active" | "done" | "waiting" | "frozen";

/** The sections of the case page that are steps of the workflow. */
export type CaseSectionKey = "assessment" | "assignment" | "rebuttal" | "feedback" | "archive";

type SectionFacts = Pick<Case, "status" | "source" | "feedback" | "lead_unit" | "scores" | "rebuttal">;

/** Can the section's step be done (or corrected) now? */
export function sectionEditable(c: SectionFacts, section: CaseSectionKey): boolean {
  if (isFrozen(c.status)) return false;
  switch (section) {
    case "assessment":
      return canAssess(c.status);
    case "assignment":
      return canAssign(c.status);
    case "rebuttal":
      return canRecordRebuttal(c.status);
    case "feedback":
      return canGiveFeedback(c);
    case "archive":
      return archiveBlock(c) === null;
  }
}

/** Has the section's step been done? */
function sectionDone(c: SectionFacts, section: CaseSectionKey): boolean {
  switch (section) {
    case "assessment":
      return c.scores !== null;
    case "assignment":
      return !!(c.lead_unit ?? "").trim();
    case "rebuttal":
      return c.rebuttal !== null;
    case "feedback":
      return !!(c.feedback ?? "").trim();
    case "archive":
      return c.status === "archived";
  }
}

/** How the section shows: done (maybe still correctable), to do now, not yet, or frozen. */
export function sectionState(c: SectionFacts, section: CaseSectionKey): SectionState {
  if (isFrozen(c.status)) return "frozen";
  if (sectionDone(c, section)) return "done";
  return sectionEditable(c, section) ? "active" : "waiting";
}

/** Oldest first, newest last; entries of the same moment in the order they were written. */
export function sortTimeline<T extends { id: number; at: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => {
    const ta = timeValue(a.at);
    const tb = timeValue(b.at);
    if (ta !== null && tb !== null && ta !== tb) return ta - tb;
    return a.id - b.id;
  });
}

/** Before the rebuttal is out, its deadline is the one that counts. */
export function rebuttalPending(status: CaseStatus): boolean {
  return status === "new" || status === "assessed" || status === "verifying";
}
