import { describe, expect, it } from "vitest";
import type { Case } from "../src/bindings/Case";
import type { CaseStatus } from "../src/bindings/CaseStatus";
import {
  NEXT_STATUSES,
  archiveBlock,
  canAssess,
  canAssign,
  canGiveFeedback,
  canMerge,
  canMove,
  canRecordRebuttal,
  isFrozen,
  isReportSource,
  rebuttalPending,
  sectionEditable,
  sectionState,
  sortTimeline,
  transitionActions,
  transitionBlock,
} from "../src/lib/caseWorkflow";
import { CASE_STATUSES, caseActionLabel } from "../src/labels";
import { caseRecord } from "./caseFixtures";

describe("status transitions (mirror of crates/core/src/rules/workflow.rs)", () => {
  it("allows exactly the moves of the Rust table", () => {
    const allowed: [CaseStatus, CaseStatus][] = [
      ["new", "assessed"],
      ["new", "declined"],
      ["new", "merged"],
      ["assessed", "verifying"],
      ["assessed", "declined"],
      ["assessed", "merged"],
      ["verifying", "rebuttal_published"],
      ["verifying", "declined"],
      ["rebuttal_published", "pushing"],
      ["rebuttal_published", "done"],
      ["pushing", "done"],
      ["done", "archived"],
      ["declined", "archived"],
    ];
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to);
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
    expect(Object.keys(NEXT_STATUSES).sort()).toEqual([...CASE_STATUSES].sort());
  });

  it("freezes archived and merged cases", () => {
    expect(CASE_STATUSES.filter(isFrozen)).toEqual(["archived", "merged"]);
    expect(transitionActions("archived")).toEqual([]);
    expect(transitionActions("merged")).toEqual([]);
  });

  it("offers as buttons only the moves without a form of their own", () => {
    const map = Object.fromEntries(CASE_STATUSES.map((status) => [status, transitionActions(status)]));
    expect(map).toEqual({
      new: ["declined"],
      assessed: ["verifying", "declined"],
      verifying: ["declined"],
      rebuttal_published: ["pushing", "done"],
      pushing: ["done"],
      done: [],
      declined: [],
      archived: [],
      merged: [],
    });
    // and the buttons read as a coordinator says them
    expect(caseActionLabel("verifying", "zh-CN")).toBe("开始核查");
    expect(caseActionLabel("declined", "zh-CN")).toBe("不予处置");
    expect(caseActionLabel("pushing", "zh-CN")).toBe("标记推送中");
    expect(caseActionLabel("done", "zh-CN")).toBe("办结");
  });

  it("starts verification only once a lead unit is chosen", () => {
    const c = caseRecord({ status: "assessed" });
    expect(transitionBlock(c, "verifying")).toBe("needs_lead_unit");
    expect(transitionBlock({ ...c, lead_unit: "区公安分局" }, "verifying")).toBeNull();
    expect(transitionBlock(c, "declined")).toBeNull();
  });
});

describe("what each step allows", () => {
  it("knows reports by their source", () => {
    expect(isReportSource("netizen_report")).toBe(true);
    expect(isReportSource("department_report")).toBe(true);
    expect(isReportSource("patrol")).toBe(false);
    expect(isReportSource("assigned")).toBe(false);
  });

  it("assesses new and assessed cases, assigns assessed and verifying ones, records rebuttals while verifying", () => {
    expect(CASE_STATUSES.filter(canAssess)).toEqual(["new", "assessed"]);
    expect(CASE_STATUSES.filter(canAssign)).toEqual(["assessed", "verifying"]);
    expect(CASE_STATUSES.filter(canRecordRebuttal)).toEqual(["verifying"]);
    expect(CASE_STATUSES.filter(canMerge)).toEqual(["new", "assessed"]);
    expect(CASE_STATUSES.filter(rebuttalPending)).toEqual(["new", "assessed", "verifying"]);
  });

  it("takes feedback only for reports with an outcome", () => {
    const report = (status: CaseStatus) => ({ status, source: "netizen_report" as const });
    expect(CASE_STATUSES.filter((s) => canGiveFeedback(report(s)))).toEqual([
      "rebuttal_published",
      "pushing",
      "done",
      "declined",
    ]);
    expect(canGiveFeedback({ status: "done", source: "patrol" })).toBe(false);
  });

  it("archives done or declined cases, reports only after feedback", () => {
    expect(archiveBlock(caseRecord({ status: "done", source: "patrol" }))).toBeNull();
    expect(archiveBlock(caseRecord({ status: "declined", source: "assigned" }))).toBeNull();
    expect(archiveBlock(caseRecord({ status: "pushing" }))).toBe("status");
    expect(archiveBlock(caseRecord({ status: "done", source: "netizen_report", feedback: null }))).toBe("feedback");
    expect(archiveBlock(caseRecord({ status: "done", source: "department_report", feedback: "  " }))).toBe("feedback");
    expect(archiveBlock(caseRecord({ status: "done", source: "netizen_report", feedback: "已反馈" }))).toBeNull();
    expect(archiveBlock(caseRecord({ status: "archived" }))).toBe("frozen");
    expect(archiveBlock(caseRecord({ status: "merged" }))).toBe("frozen");
  });

  it("tells each section of the case page whether it is to do, done, waiting or frozen, and editable", () => {
    const sections = ["assessment", "assignment", "rebuttal", "feedback", "archive"] as const;
    const states = (c: Case) => sections.map((s) => sectionState(c, s));
    const editable = (c: Case) => sections.filter((s) => sectionEditable(c, s));

    const fresh = caseRecord({ status: "new", source: "netizen_report" });
    expect(states(fresh)).toEqual(["active", "waiting", "waiting", "waiting", "waiting"]);
    expect(editable(fresh)).toEqual(["assessment"]);

    const verifying = caseRecord({
      status: "verifying",
      source: "netizen_report",
      scores: { severity: 3, controllability: 3, influence: 3 },
      lead_unit: "区公安分局",
    });
    // the responsible body is chosen, and may still change while verifying
    expect(states(verifying)).toEqual(["done", "done", "active", "waiting", "waiting"]);
    expect(editable(verifying)).toEqual(["assignment", "rebuttal"]);

    const done = { ...verifying, status: "done" as const, feedback: "已电话反馈" };
    expect(states(done)).toEqual(["done", "done", "waiting", "done", "active"]);
    expect(editable(done)).toEqual(["feedback", "archive"]);
    expect(states({ ...done, feedback: null })).toEqual(["done", "done", "waiting", "active", "waiting"]);

    expect(states({ ...done, status: "archived" })).toEqual(Array(5).fill("frozen"));
    expect(editable({ ...done, status: "merged" })).toEqual([]);
  });
});

describe("timeline order", () => {
  it("puts the newest entry last, and keeps the write order within one moment", () => {
    const entries = [
      { id: 3, at: "2025-03-01T10:00:00Z" },
      { id: 1, at: "2025-03-01T08:00:00Z" },
      { id: 4, at: "2025-03-01T10:00:00Z" },
      { id: 2, at: "2025-03-01T09:00:00Z" },
    ];
    expect(sortTimeline(entries).map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(entries.map((e) => e.id)).toEqual([3, 1, 4, 2]); // not sorted in place
  });
});
