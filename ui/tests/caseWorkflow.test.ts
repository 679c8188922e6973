import { describe, expect, it } from "vitest";
import type { Case } from "../src/bindings/Case";
import {
  allowed,
  isFrozen,
  isReportSource,
  rebuttalPending,
  refusalCode,
  sectionEditable,
  sectionState,
  sortTimeline,
  transitionActions,
} from "../src/lib/caseWorkflow";
import { CASE_STATUSES, caseActionLabel } from "../src/labels";
import { caseRecord } from "./caseFixtures";

// The rules themselves are Rust's (crates/core/src/rules/workflow.rs, its table test); the
// records here carry the actions the core computes for them (tests/generated/case_actions.json).

describe("the status buttons", () => {
  it("shows the plain status changes of the status, the forward step first", () => {
    const buttons = (c: Case) => transitionActions(c).map((a) => a.to);
    const withLead = { lead_unit: "区公安分局", scores: { severity: 3, controllability: 3, influence: 3 } };
    expect(buttons(caseRecord({ status: "new" }))).toEqual(["declined"]);
    expect(buttons(caseRecord({ status: "assessed", ...withLead }))).toEqual(["verifying", "declined"]);
    expect(buttons(caseRecord({ status: "verifying", ...withLead }))).toEqual(["declined"]);
    expect(buttons(caseRecord({ status: "rebuttal_published", ...withLead }))).toEqual(["done"]);
    expect(buttons(caseRecord({ status: "pushing", ...withLead }))).toEqual(["done"]);
    for (const status of ["done", "declined", "archived", "merged"] as const) {
      expect(buttons(caseRecord({ status })), status).toEqual([]);
    }
    expect(caseActionLabel("verifying", "zh-CN")).toBe("开始核查");
    expect(caseActionLabel("declined", "zh-CN")).toBe("不予处置");
    expect(caseActionLabel("done", "zh-CN")).toBe("办结");
  });

  it("shows 开始核查 disabled, with why, until a lead unit is chosen", () => {
    const [verify] = transitionActions(caseRecord({ status: "assessed" }));
    expect(verify.to).toBe("verifying");
    expect(verify.refused?.code).toBe("needs_lead_unit");
    const [ready] = transitionActions(caseRecord({ status: "assessed", lead_unit: "区公安分局" }));
    expect(ready.refused).toBeNull();
  });

  it("freezes archived and merged cases", () => {
    expect(CASE_STATUSES.filter((status) => isFrozen(caseRecord({ status })))).toEqual(["archived", "merged"]);
  });
});

describe("what each step allows, as the core says", () => {
  it("knows reports by their source and which statuses wait for the rebuttal (generated constants)", () => {
    expect(isReportSource("netizen_report")).toBe(true);
    expect(isReportSource("department_report")).toBe(true);
    expect(isReportSource("patrol")).toBe(false);
    expect(isReportSource("assigned")).toBe(false);
    expect(CASE_STATUSES.filter(rebuttalPending)).toEqual(["new", "assessed", "verifying"]);
  });

  it("merges only cases not yet verified", () => {
    expect(CASE_STATUSES.filter((status) => allowed(caseRecord({ status }), "merge"))).toEqual(["new", "assessed"]);
  });

  it("archives done or declined cases, reports only after feedback", () => {
    const code = (fields: Partial<Case>) => refusalCode(caseRecord(fields), "archive");
    expect(code({ status: "done", source: "patrol" })).toBeNull();
    expect(code({ status: "declined", source: "assigned" })).toBeNull();
    expect(code({ status: "pushing" })).toBe("status");
    expect(code({ status: "done", source: "netizen_report", feedback: null })).toBe("needs_feedback");
    expect(code({ status: "done", source: "department_report", feedback: "  " })).toBe("needs_feedback");
    expect(code({ status: "done", source: "netizen_report", feedback: "已反馈" })).toBeNull();
    expect(code({ status: "archived" })).toBe("frozen");
    expect(code({ status: "merged" })).toBe("frozen");
  });

  it("tells each section of the case page whether it is to do, done, waiting or frozen, and editable", () => {
    const sections = ["assessment", "assignment", "rebuttal", "feedback", "archive"] as const;
    const states = (c: Case) => sections.map((s) => sectionState(c, s));
    const editable = (c: Case) => sections.filter((s) => sectionEditable(c, s));

    const fresh = caseRecord({ status: "new", source: "netizen_report" });
    expect(states(fresh)).toEqual(["active", "waiting", "waiting", "waiting", "waiting"]);
    expect(editable(fresh)).toEqual(["assessment"]);

    const facts = {
      source: "netizen_report" as const,
      scores: { severity: 3, controllability: 3, influence: 3 },
      lead_unit: "区公安分局",
    };
    const verifying = caseRecord({ status: "verifying", ...facts });
    // the assessment and the responsible body may still be corrected while verifying
    expect(states(verifying)).toEqual(["done", "done", "active", "waiting", "waiting"]);
    expect(editable(verifying)).toEqual(["assessment", "assignment", "rebuttal"]);

    const done = caseRecord({ status: "done", ...facts, feedback: "已电话反馈" });
    expect(states(done)).toEqual(["done", "done", "waiting", "done", "active"]);
    expect(editable(done)).toEqual(["feedback", "archive"]);
    expect(states(caseRecord({ status: "done", ...facts }))).toEqual(["done", "done", "waiting", "active", "waiting"]);

    expect(states(caseRecord({ status: "archived", ...facts }))).toEqual(Array(5).fill("frozen"));
    expect(editable(caseRecord({ status: "merged", ...facts }))).toEqual([]);
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
