// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));

import { open, save } from "@tauri-apps/plugin-dialog";
import RulesPage from "../src/pages/RulesPage.vue";
import type { AssignmentRules } from "../src/bindings/AssignmentRules";
import type { LevelPolicy } from "../src/bindings/LevelPolicy";
import { callsOf, globalPlugins, mockBackend, page, sleep, type Handler } from "./helpers";
import { DEFAULT_POLICY } from "./caseFixtures";

const rules: AssignmentRules = {
  subject_rules: [
    { word: "枪击", subject: "公安" },
    { word: "疫情", subject: "卫生健康" },
  ],
  unit_subjects: [{ unit: "区公安分局", subjects: ["公安"] }],
};

// The core's answers (LevelPolicy::preview) for the policies these tests use.
const RANGES: Record<string, [number, number][]> = {
  "8/11/13": [[3, 7], [8, 10], [11, 12], [13, 15]],
  "9/11/13": [[3, 8], [9, 10], [11, 12], [13, 15]],
  "8/8/13": [[3, 7], [8, 7], [8, 12], [13, 15]],
};
const THRESHOLDS_PROBLEM = "等级阈值须满足 4 ≤ 较大 < 重大 < 特别重大 ≤ 15（风险指数 = 严重性 + 影响力 + (6 − 可控性)）";

function levelPreview(args: Record<string, unknown>) {
  const p = args.policy as LevelPolicy;
  const key = `${p.major_from}/${p.serious_from}/${p.critical_from}`;
  const levels = ["general", "major", "serious", "critical"] as const;
  return {
    problem: key === "8/8/13" ? THRESHOLDS_PROBLEM : null,
    ranges: RANGES[key]!.map(([from, to], i) => ({ level: levels[i], from, to })),
    assessment: null,
  };
}

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    level_preview: levelPreview,
    level_policy_get: () => DEFAULT_POLICY,
    level_policy_set: (args) => args.policy,
    assignment_rules_get: () => rules,
    assignment_rules_set: (args) => args.rules,
    territory_list: () => [{ id: 1, name: "龙塔街道", places: ["龙塔社区", "龙塔广场"] }],
    territory_places_set: () => null,
    unit_list: () => [{ id: 1, name: "区公安分局", kind: "department" }],
    ...extra,
  });
}

async function mountPage() {
  const wrapper = mount(RulesPage, { global: globalPlugins(), attachTo: document.body });
  await flushPromises();
  await flushPromises();
  return wrapper;
}

function find(testid: string) {
  return page().find(`[data-testid="${testid}"]`);
}

async function click(testid: string) {
  await find(testid).trigger("click");
  await flushPromises();
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("RulesPage", () => {
  it("shows the level thresholds, their risk ranges and deadlines, and saves a change", async () => {
    backend();
    const wrapper = await mountPage();
    expect(find("rules-level").text()).toContain("风险指数 = 严重性 + 影响力 +（6 − 可控性）");
    expect(find("level-general-range").text()).toBe("3–7");
    expect(find("level-major-range").text()).toBe("8–10");
    expect(find("level-critical-range").text()).toBe("13–15");
    const major = find("level-major-from");
    expect(major.element.tagName).toBe("INPUT");
    expect((major.element as HTMLInputElement).value).toBe("8");
    expect((find("deadline-critical-rebuttal_hours").element as HTMLInputElement).value).toBe("2");

    await major.setValue("9");
    await major.trigger("change");
    await flushPromises();
    expect(find("level-general-range").text()).toBe("3–8");
    await click("btn-save-level-policy");
    const saved = callsOf("level_policy_set")[0]!.policy as LevelPolicy;
    expect(saved).toEqual({ ...DEFAULT_POLICY, major_from: 9 });
    expect(document.body.textContent).toContain("等级设置已保存");
    wrapper.unmount();
  });

  it("refuses thresholds out of order before sending them", async () => {
    backend();
    const wrapper = await mountPage();
    const serious = find("level-serious-from");
    await serious.setValue("8");
    await serious.trigger("change");
    await flushPromises();
    await click("btn-save-level-policy");
    expect(find("level-policy-error").text()).toContain("4 ≤ 较大 < 重大 < 特别重大 ≤ 15");
    expect(callsOf("level_policy_set")).toHaveLength(0);
    wrapper.unmount();
  });

  it("edits the subject rules: adds a word, refuses a half row, saves through set_assignment_rules", async () => {
    backend();
    const wrapper = await mountPage();
    expect(page().findAll('[data-testid="subject-rule-row"]')).toHaveLength(2);
    expect((find("subject-rule-word-0").element as HTMLInputElement).value).toBe("枪击");

    await click("btn-add-subject-rule");
    await find("subject-rule-word-2").setValue("停水");
    await click("btn-save-assignment-rules");
    expect(find("assignment-rules-error").text()).toBe("属事规则第 3 行未填写完整");
    expect(callsOf("assignment_rules_set")).toHaveLength(0);

    await click("btn-remove-subject-rule-1");
    await click("btn-remove-subject-rule-1");
    await click("btn-save-assignment-rules");
    expect(callsOf("assignment_rules_set")).toEqual([
      {
        rules: {
          subject_rules: [{ word: "枪击", subject: "公安" }],
          unit_subjects: [{ unit: "区公安分局", subjects: ["公安"] }],
        },
      },
    ]);
    wrapper.unmount();
  });

  it("saves territories with their place names through set_territories", async () => {
    backend();
    const wrapper = await mountPage();
    expect((find("territory-name-0").element as HTMLInputElement).value).toBe("龙塔街道");
    expect(find("rules-territory").text()).toContain("龙塔社区");
    await click("btn-add-territory");
    await find("territory-name-1").setValue("青石镇");
    await click("btn-save-territories");
    expect(callsOf("territory_places_set")).toEqual([
      {
        territories: [
          { territory: "龙塔街道", unit: null, places: ["龙塔社区", "龙塔广场"] },
          { territory: "青石镇", unit: null, places: [] },
        ],
      },
    ]);
    expect(document.body.textContent).toContain("属地规则已保存");
    wrapper.unmount();
  });

  it("exports and imports the directory file", async () => {
    backend({ directory_export: () => null, directory_import: () => null });
    vi.mocked(save).mockResolvedValueOnce("/home/user/规则.json");
    vi.mocked(open).mockResolvedValueOnce("/home/user/规则.json");
    const wrapper = await mountPage();
    await click("btn-export-directory");
    expect(callsOf("directory_export")).toEqual([{ path: "/home/user/规则.json" }]);

    await click("btn-import-directory");
    expect(callsOf("directory_import")).toHaveLength(0); // not before the confirmation
    await page().find(".el-message-box .el-button--primary").trigger("click");
    await flushPromises();
    await sleep(50);
    await flushPromises();
    expect(callsOf("directory_import")).toEqual([{ path: "/home/user/规则.json" }]);
    expect(callsOf("assignment_rules_get")).toHaveLength(2); // reloaded after the import
    wrapper.unmount();
  });
});
