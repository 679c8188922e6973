import { describe, expect, it } from "vitest";
import type { Scores } from "../src/bindings/Scores";
import {
  completeScores,
  emptyScores,
  scoreMeaning,
} from "../src/lib/assessment";
import {
  cleanSubjectRules,
  cleanTerritories,
  cleanUnitSubjects,
  clonePolicy,
  subjectsOf,
  territoriesToRows,
} from "../src/lib/rulesForm";
import { DEFAULT_POLICY } from "./caseFixtures";

const s = (severity: number, controllability: number, influence: number): Scores => ({
  severity,
  controllability,
  influence,
});

describe("the assessment form (levels themselves are the core's: LevelPolicy::preview)", () => {
  it("needs all three scores, each 1 to 5", () => {
    expect(completeScores(emptyScores())).toBeNull();
    expect(completeScores({ severity: 3, controllability: null, influence: 3 })).toBeNull();
    expect(completeScores({ severity: 6, controllability: 3, influence: 3 })).toBeNull();
    expect(completeScores({ severity: 3, controllability: 2, influence: 1 })).toEqual(s(3, 2, 1));
  });

  it("shows a score's meaning without the backend's leading number", () => {
    const guidance = {
      key: "severity",
      label: "严重性",
      levels: ["1 生活常识类误传，基本无害", "2 引起少数人误解", "3、涉及公共服务", "4：涉及公共安全", "没有编号的说明"],
    };
    expect(scoreMeaning(guidance, 1)).toBe("生活常识类误传，基本无害");
    expect(scoreMeaning(guidance, 3)).toBe("涉及公共服务");
    expect(scoreMeaning(guidance, 4)).toBe("涉及公共安全");
    expect(scoreMeaning(guidance, 5)).toBe("没有编号的说明");
    expect(scoreMeaning(guidance, null)).toBe("");
    expect(scoreMeaning(null, 2)).toBe("");
  });
});

describe("rules settings", () => {
  it("clones a policy deeply", () => {
    const copy = clonePolicy(DEFAULT_POLICY);
    copy.deadlines[2].main_hours = 0;
    expect(DEFAULT_POLICY.deadlines[2].main_hours).toBe(3);
  });

  it("cleans the subject rules: blank rows dropped, half rows and repeated words refused", () => {
    expect(
      cleanSubjectRules([
        { word: " 枪击 ", subject: " 公安 " },
        { word: "", subject: "" },
        { word: "疫情", subject: "卫生健康" },
      ]),
    ).toEqual({ value: [{ word: "枪击", subject: "公安" }, { word: "疫情", subject: "卫生健康" }], problem: null });
    expect(cleanSubjectRules([{ word: "枪击", subject: "" }])).toEqual({
      value: null,
      problem: { kind: "incomplete", row: 0 },
    });
    expect(
      cleanSubjectRules([
        { word: "枪击", subject: "公安" },
        { word: " 枪击", subject: "治安" },
      ]),
    ).toEqual({ value: null, problem: { kind: "duplicate", row: 1, name: "枪击" } });
  });

  it("cleans units' subjects and territories", () => {
    expect(
      cleanUnitSubjects([
        { unit: "区公安分局", subjects: ["公安", " 公安", "交通 "] },
        { unit: " ", subjects: [] },
      ]),
    ).toEqual({ value: [{ unit: "区公安分局", subjects: ["公安", "交通"] }], problem: null });
    expect(cleanUnitSubjects([{ unit: "区公安分局", subjects: [] }]).problem).toEqual({ kind: "incomplete", row: 0 });
    expect(
      cleanTerritories([
        { territory: " 龙塔街道 ", unit: " ", places: ["龙塔社区", "龙塔社区 ", ""] },
        { territory: "", unit: null, places: [] },
        { territory: "青石镇", unit: "青石镇人民政府", places: [] },
      ]),
    ).toEqual({
      value: [
        { territory: "龙塔街道", unit: null, places: ["龙塔社区"] },
        { territory: "青石镇", unit: "青石镇人民政府", places: [] },
      ],
      problem: null,
    });
    expect(cleanTerritories([{ territory: "", unit: null, places: ["龙塔社区"] }]).problem).toEqual({
      kind: "incomplete",
      row: 0,
    });
    expect(
      cleanTerritories([
        { territory: "青石镇", unit: null, places: [] },
        { territory: "青石镇", unit: null, places: [] },
      ]).problem,
    ).toEqual({ kind: "duplicate", row: 1, name: "青石镇" });
  });

  it("reads the directory's territories and lists every subject once", () => {
    expect(territoriesToRows([{ id: 1, name: "龙塔街道", unit: null, places: ["龙塔社区"] }])).toEqual([
      { territory: "龙塔街道", unit: null, places: ["龙塔社区"] },
    ]);
    // a unit, when the directory sends one, is kept
    const withUnit = [{ id: 2, name: "青石镇", places: [], unit: "青石镇人民政府" }];
    expect(territoriesToRows(withUnit)[0]!.unit).toBe("青石镇人民政府");
    expect(
      subjectsOf({
        subject_rules: [
          { word: "枪击", subject: "公安" },
          { word: "疫情", subject: "卫生健康" },
        ],
        unit_subjects: [{ unit: "区公安分局", subjects: ["公安", "交通"] }],
      }),
    ).toEqual(["公安", "卫生健康", "交通"]);
    expect(subjectsOf(null)).toEqual([]);
  });
});
