// How the case page shows the workflow. Which step is possible now, and why not, is decided
// in Rust (crates/core/src/rules/workflow.rs) and arrives with the case as `Case.actions`;
// this file only reads it. Values needed before there is a case (which sources are reports)
// come from the generated bindings/rules.ts.
import type { ActionState } from "../bindings/ActionState";
import type { Case } from "../bindings/Case";
import type { CaseAction } from "../bindings/CaseAction";
import type { CaseSource } from "../bindings/CaseSource";
import type { CaseStatus } from "../bindings/CaseStatus";
import { REBUTTAL_PENDING_STATUSES, REPORT_SOURCES } from "../bindings/rules";
import { timeValue } from "./dates";

type WithActions = Pick<Case, "actions">;

/** The state of one action of the case (every action is listed by the core). */
export function actionState(c: WithActions, action: CaseAction): ActionState | undefined {
  return c.actions.find((a) => a.action === action);
}

/** May the action be taken now? */
export function allowed(c: WithActions, action: CaseAction): boolean {
  const a = actionState(c, action);
  return !!a && a.refused === null;
}

/** The refusal's code, or null when the action is allowed. */
export function refusalCode(c: WithActions, action: CaseAction): string | null {
  const a = actionState(c, action);
  return a ? (a.refused?.code ?? null) : "status";
}

/** Archived and merged cases are read-only: the core refuses every action as `frozen`. */
export function isFrozen(c: WithActions): boolean {
  return c.actions.length > 0 && c.actions.every((a) => a.refused?.code === "frozen");
}

/** Reports have a reporter, who gets feedback before the case is archived. */
export function isReportSource(source: CaseSource): boolean {
  return REPORT_SOURCES.includes(source);
}

/** Before the rebuttal is out, its deadline is the one that counts. */
export function rebuttalPending(status: CaseStatus): boolean {
  return REBUTTAL_PENDING_STATUSES.includes(status);
}

/**
 * The status buttons of a case page, in workflow order (the forward step first): the plain
 * status changes allowed now, or waiting on something the coordinator can do (shown
 * disabled with why). Steps that are not part of this status are not shown.
 */
export function transitionActions(c: WithActions): ActionState[] {
  return c.actions.filter((a) => a.to !== null && (a.refused === null || !["status", "frozen"].includes(a.refused.code)));
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

const SECTION_ACTION: Readonly<Record<CaseSectionKey, CaseAction>> = {
  assessment: "assess",
  assignment: "assign",
  rebuttal: "record_rebuttal",
  feedback: "feedback",
  archive: "archive",
};

type SectionFacts = Pick<Case, "status" | "feedback" | "lead_unit" | "scores" | "rebuttal" | "actions">;

/** Can the section's step be done (or corrected) now? */
export function sectionEditable(c: SectionFacts, section: CaseSectionKey): boolean {
  return allowed(c, SECTION_ACTION[section]);
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
  if (isFrozen(c)) return "frozen";
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
