// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));

import { save } from "@tauri-apps/plugin-dialog";
import CasePage from "../src/pages/CasePage.vue";
import type { Case } from "../src/bindings/Case";
import type { FactorGuidance } from "../src/bindings/FactorGuidance";
import { callsOf, globalPlugins, mockBackend, page, sleep, testRouter, type Handler } from "./helpers";
import { DEFAULT_POLICY, caseRecord, withCoreActions } from "./caseFixtures";
import { REBUTTAL, push, summary } from "./pushFixtures";

const guidance: FactorGuidance[] = [
  {
    key: "severity",
    label: "严重性",
    levels: ["1 生活常识类误传", "2 引起少数人误解", "3 涉及公共服务", "4 涉及公共安全、疫情、治安等，可能引发恐慌", "5 危害严重"],
  },
  { key: "controllability", label: "可控性", levels: ["1 难以处置", "2 核查困难，扩散较快", "3 可以核查", "4 事实清楚", "5 完全可控"] },
  { key: "influence", label: "影响力", levels: ["1 个别群聊", "2 本地小范围传播", "3 本区多个平台传播", "4 全市范围传播", "5 全国性传播"] },
];

const suggestion = {
  lead_unit: "区公安分局",
  co_units: ["龙塔街道办事处"],
  subject_hits: [{ word: "枪击", to: "公安" }],
  territory_hits: [{ word: "龙塔社区", to: "龙塔街道" }],
  explanation: "'枪击' → 公安（区公安分局）；'龙塔社区' → 龙塔街道",
};

let current: Case;

function backend(start: Case, extra: Record<string, Handler> = {}) {
  current = start;
  const update = (fields: Partial<Case>) => {
    current = withCoreActions({ ...current, ...fields, updated_at: new Date().toISOString() });
    return current;
  };
  return mockBackend({
    case_get: () => current,
    assessment_guidance_get: () => guidance,
    level_policy_get: () => DEFAULT_POLICY,
    case_assignment: () => ({ suggestion, units: ["区公安分局", "龙塔街道办事处", "区委网信办"] }),
    // the core's answer for the scores the assessment test picks (LevelPolicy::preview)
    level_preview: (args) => {
      const s = args.scores as { severity: number; controllability: number; influence: number } | null;
      const picked = s && s.severity === 4 && s.controllability === 2 && s.influence === 3;
      return {
        problem: null,
        ranges: [],
        assessment: picked ? { risk: 11, level: "serious", deadlines: DEFAULT_POLICY.deadlines[2] } : null,
      };
    },
    case_assess: (args) =>
      update({
        risk: 11,
        scores: args.scores as Case["scores"],
        level: "serious",
        deadlines: DEFAULT_POLICY.deadlines[2],
        rebuttal_due_at: "2025-03-01T06:30:00Z",
        status: current.status === "new" ? "assessed" : current.status,
      }),
    case_assign: (args) => {
      const input = args.input as { lead_unit: string; co_units: string[]; reason: string | null };
      return update({ lead_unit: input.lead_unit, co_units: input.co_units, assignment_note: input.reason ?? suggestion.explanation });
    },
    case_transition: (args) => update({ status: args.to as Case["status"] }),
    case_record_rebuttal: (args) => {
      const input = args.input as Omit<NonNullable<Case["rebuttal"]>, "id">;
      return update({ rebuttal: { id: 1, ...input }, status: "rebuttal_published" });
    },
    case_feedback: (args) => update({ feedback: args.text as string, feedback_at: "2025-03-02T01:00:00Z" }),
    case_archive: (args) => update({ summary: args.summary as string, status: "archived", archived_at: "2025-03-03T01:00:00Z" }),
    push_list_for_case: () => [],
    ...extra,
  });
}

async function mountPage(id = 5) {
  const router = await testRouter(`/cases/${id}`);
  const wrapper = mount(CasePage, {
    global: { plugins: [...globalPlugins().plugins, router] },
    attachTo: document.body,
  });
  await flushPromises();
  await flushPromises();
  return { wrapper, router };
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

describe("CasePage", () => {
  it("shows the header, the fields as text, and the timeline newest last", async () => {
    backend(
      caseRecord({
        id: 5,
        title: '<script>alert("x")</script>龙塔社区发生枪击案',
        content: "网传<b>龙塔社区</b>昨晚发生枪击。",
        urls: ["https://weibo.com/1", "javascript:alert(1)"],
        source: "netizen_report",
        reporter_name: "张先生",
        reporter_contact_masked: "138****1234",
        status: "assessed",
        level: "critical",
        rebuttal_due_at: "2025-03-01T06:30:00Z",
        overdue: true,
        timeline: [
          { id: 2, at: "2025-03-01T02:00:00Z", actor: "值班员", action: "assessed", detail: "研判为特别重大" },
          { id: 1, at: "2025-03-01T01:00:00Z", actor: "值班员", action: "created", detail: '<img src=x onerror="alert(1)">登记' },
        ],
      }),
    );
    const { wrapper } = await mountPage();

    expect(callsOf("case_get")).toEqual([{ id: 5 }]);
    const title = find("case-title");
    expect(title.text()).toBe('<script>alert("x")</script>龙塔社区发生枪击案');
    expect(title.find("script").exists()).toBe(false);
    expect(document.querySelectorAll("script")).toHaveLength(0);
    expect(find("case-status").text()).toBe("已研判");
    expect(find("case-level").text()).toBe("特别重大");
    expect(find("case-overdue").text()).toContain("辟谣已超时：应于 2025-03-01 14:30 前发布辟谣信息");

    expect(find("case-content").text()).toBe("网传<b>龙塔社区</b>昨晚发生枪击。");
    expect(find("case-content").find("b").exists()).toBe(false);
    // URLs are text with a copy button, never links
    const urls = page().findAll('[data-testid="case-url"]');
    expect(urls.map((u) => u.text())).toEqual(["https://weibo.com/1", "javascript:alert(1)"]);
    expect(find("case-basic").find("a").exists()).toBe(false);
    expect(find("case-basic").findAll('[data-testid="btn-copy"]').length).toBeGreaterThanOrEqual(2);
    expect(find("case-reporter-contact").text()).toBe("138****1234");

    const timeline = find("timeline");
    expect(timeline.exists()).toBe(true);
    const entries = timeline.findAll('[data-testid="timeline-entry"]');
    expect(entries.map((e) => e.attributes("data-action"))).toEqual(["created", "assessed"]);
    expect(entries[0]!.text()).toContain('<img src=x onerror="alert(1)">登记');
    expect(entries[0]!.text()).toContain("2025-03-01 09:00");
    expect(timeline.find("img").exists()).toBe(false);
    wrapper.unmount();
  });

  it("saves the assessment with the chosen scores, showing the guidance and a preview", async () => {
    backend(caseRecord({ id: 5, status: "new" }));
    const { wrapper } = await mountPage();
    expect(find("btn-save-assessment").attributes("disabled")).toBeDefined();

    await click("assess-severity-4");
    expect(find("assess-severity-meaning").text()).toBe("涉及公共安全、疫情、治安等，可能引发恐慌");
    await click("assess-controllability-2");
    await click("assess-influence-3");
    expect(find("assess-severity-4").attributes("aria-checked")).toBe("true");
    // risk 4 + 3 + (6 − 2) = 11 → 重大 under the default policy
    expect(find("assess-preview").text()).toContain("风险指数 11");
    expect(find("assess-preview").text()).toContain("重大");

    await click("btn-save-assessment");
    expect(callsOf("case_assess")).toEqual([{ id: 5, scores: { severity: 4, controllability: 2, influence: 3 } }]);
    expect(find("case-status").text()).toBe("已研判");
    expect(find("case-level").text()).toBe("重大");
    expect(find("assess-deadlines").text()).toContain("6 小时内发布辟谣信息");
    expect(document.body.textContent).toContain("研判已保存，等级为重大");
    wrapper.unmount();
  });

  it("accepts the suggested responsible bodies through case_assign", async () => {
    backend(caseRecord({ id: 5, status: "assessed", scores: { severity: 3, controllability: 3, influence: 3 }, level: "major" }));
    const { wrapper } = await mountPage();
    expect(callsOf("case_assignment")).toEqual([{ id: 5 }]);
    expect(find("suggestion-explanation").text()).toBe("'枪击' → 公安（区公安分局）；'龙塔社区' → 龙塔街道");
    // verification waits for a responsible body
    expect(find("btn-transition-verifying").attributes("disabled")).toBeDefined();

    await click("btn-accept-suggestion");
    expect(callsOf("case_assign")).toEqual([
      { id: 5, input: { lead_unit: "区公安分局", co_units: ["龙塔街道办事处"], reason: null } },
    ]);
    expect(find("assignment-lead").text()).toBe("区公安分局");
    expect(find("btn-transition-verifying").attributes("disabled")).toBeUndefined();

    await click("btn-transition-verifying");
    expect(callsOf("case_transition")).toEqual([{ id: 5, to: "verifying", note: null }]);
    expect(find("case-status").text()).toBe("核查中");
    wrapper.unmount();
  });

  it("asks for a reason when other units are chosen", async () => {
    backend(caseRecord({ id: 5, status: "assessed" }));
    const { wrapper } = await mountPage();
    await click("btn-choose-units");
    expect(find("assign-lead").element.tagName).toBe("INPUT");
    expect(find("assign-reason").element.tagName).toBe("TEXTAREA");
    // the form starts from the suggestion: saving it unchanged needs no reason
    await click("btn-save-assignment");
    expect(callsOf("case_assign")).toEqual([
      { id: 5, input: { lead_unit: "区公安分局", co_units: ["龙塔街道办事处"], reason: null } },
    ]);
    wrapper.unmount();
  });

  it("records the rebuttal, filled from its page, as plain text", async () => {
    backend(caseRecord({ id: 5, status: "verifying", lead_unit: "区公安分局" }), {
      page_text_fetch: () => ({
        url: "https://police.example/1",
        title: "<b>关于网传龙塔社区枪击的情况通报</b>",
        text: "经查，网传信息不实。",
        published_at: "2025-03-01T03:00:00Z",
      }),
    });
    const { wrapper } = await mountPage();
    // the buttons of this status: decline only (the rebuttal form moves it on)
    expect(find("btn-transition-declined").exists()).toBe(true);
    expect(find("btn-transition-rebuttal_published").exists()).toBe(false);

    await find("rebuttal-url").setValue("https://police.example/1");
    await click("btn-fetch-rebuttal");
    expect(callsOf("page_text_fetch")).toEqual([{ url: "https://police.example/1" }]);
    expect((find("rebuttal-title").element as HTMLInputElement).value).toBe("<b>关于网传龙塔社区枪击的情况通报</b>");
    expect((find("rebuttal-content").element as HTMLTextAreaElement).value).toBe("经查，网传信息不实。");
    expect(find("fetch-note").text()).toContain("已从网页读取标题、正文、发布时间");
    await find("rebuttal-publisher").setValue("平安临江");

    await click("btn-save-rebuttal");
    expect(callsOf("case_record_rebuttal")).toEqual([
      {
        id: 5,
        input: {
          rumor_id: 5,
          title: "<b>关于网传龙塔社区枪击的情况通报</b>",
          content: "经查，网传信息不实。",
          url: "https://police.example/1",
          publisher: "平安临江",
          published_at: "2025-03-01 11:00",
        },
      },
    ]);
    expect(find("case-status").text()).toBe("已发布辟谣");
    expect(find("rebuttal-view-title").text()).toBe("<b>关于网传龙塔社区枪击的情况通报</b>");
    expect(find("rebuttal-view").find("b").exists()).toBe(false);
    // the published rebuttal shows as read; a follow-up statement (续报) opens an empty form
    await click("btn-add-follow-up");
    expect((find("rebuttal-title").element as HTMLInputElement).value).toBe("");
    // 推送中 comes from launching a push, not from a button; 办结 is a plain step
    expect(find("btn-transition-pushing").exists()).toBe(false);
    expect(find("btn-transition-done").exists()).toBe(true);
    wrapper.unmount();
  });

  it("shows why reading the page failed", async () => {
    backend(caseRecord({ id: 5, status: "verifying", lead_unit: "区公安分局" }), {
      page_text_fetch: () => {
        throw { code: "fetch", message: "网页无法访问（HTTP 403）" };
      },
    });
    const { wrapper } = await mountPage();
    await find("rebuttal-url").setValue("https://police.example/1");
    await click("btn-fetch-rebuttal");
    expect(find("fetch-error").text()).toBe("读取失败：网页无法访问（HTTP 403）");
    wrapper.unmount();
  });

  it("keeps 归档 disabled for a report until feedback is given", async () => {
    backend(caseRecord({ id: 5, status: "done", source: "netizen_report", lead_unit: "区公安分局" }));
    const { wrapper } = await mountPage();
    expect(find("btn-archive").attributes("disabled")).toBeDefined();
    expect(find("archive-blocked").text()).toBe("本案件来自举报，须先向举报人反馈处置结果，才能归档。");

    await find("feedback-text").setValue("经核查，您举报的信息系谣言，已发布辟谣。");
    await click("btn-save-feedback");
    expect(callsOf("case_feedback")).toEqual([{ id: 5, text: "经核查，您举报的信息系谣言，已发布辟谣。" }]);
    expect(find("btn-archive").attributes("disabled")).toBeUndefined();

    await find("archive-summary").setValue("经核查为谣言，区公安分局已发布辟谣。");
    await click("btn-archive");
    await page().find(".el-message-box .el-button--primary").trigger("click");
    await flushPromises();
    await sleep(50);
    await flushPromises();
    expect(callsOf("case_archive")).toEqual([{ id: 5, summary: "经核查为谣言，区公安分局已发布辟谣。" }]);
    expect(find("case-status").text()).toBe("已归档");
    expect(find("case-frozen").exists()).toBe(true);
    // a frozen case offers no more steps
    expect(find("btn-save-assessment").exists()).toBe(false);
    expect(find("btn-archive").exists()).toBe(false);
    expect(page().findAll('[data-testid^="btn-transition-"]')).toHaveLength(0);
    wrapper.unmount();
  });

  it("archives a patrol case without feedback, and has no feedback section", async () => {
    backend(caseRecord({ id: 5, status: "declined", source: "patrol" }));
    const { wrapper } = await mountPage();
    expect(find("section-feedback").exists()).toBe(false);
    expect(find("btn-archive").attributes("disabled")).toBeUndefined();
    wrapper.unmount();
  });

  it("shows the full contact only on request", async () => {
    backend(caseRecord({ id: 5, source: "department_report", reporter_contact_masked: "138****1234" }), {
      case_reporter_contact: () => "13800001234",
    });
    const { wrapper } = await mountPage();
    expect(document.body.textContent).not.toContain("13800001234");
    await click("btn-show-contact");
    expect(callsOf("case_reporter_contact")).toEqual([{ id: 5 }]);
    expect(find("reporter-contact-full").text()).toBe("13800001234");
    wrapper.unmount();
  });

  it("exports the case to the chosen file, without the contact unless ticked", async () => {
    backend(caseRecord({ id: 5 }), { case_export: () => null });
    vi.mocked(save).mockResolvedValueOnce("/home/user/谣言案件5.xlsx");
    const { wrapper } = await mountPage();
    await click("btn-export-case");
    await click("btn-confirm-export");
    expect(vi.mocked(save).mock.calls.at(-1)![0]).toMatchObject({ defaultPath: "谣言案件5.xlsx" });
    expect(callsOf("case_export")).toEqual([{ id: 5, path: "/home/user/谣言案件5.xlsx", includeContact: false }]);
    wrapper.unmount();
  });

  it("prints through the browser's print", async () => {
    backend(caseRecord({ id: 5 }));
    const print = vi.fn();
    vi.stubGlobal("print", print);
    const { wrapper } = await mountPage();
    await click("btn-print");
    expect(print).toHaveBeenCalledTimes(1);
    // the print view carries the case and its timeline
    expect(find("case-print").text()).toContain("谣言案件处置单");
    expect(find("case-print").text()).toContain("龙塔社区发生枪击案");
    vi.unstubAllGlobals();
    wrapper.unmount();
  });

  it("shows the backend's message when the case cannot be read", async () => {
    mockBackend({
      case_get: () => {
        throw { code: "not_found", message: "案件不存在：99" };
      },
      assessment_guidance_get: () => guidance,
      level_policy_get: () => DEFAULT_POLICY,
    });
    const { wrapper } = await mountPage(99);
    expect(find("case-error").text()).toContain("案件不存在：99");
    wrapper.unmount();
  });

  it("launches a push once the rebuttal is published, and lists the case's pushes", async () => {
    backend(caseRecord({ id: 5, status: "rebuttal_published", rebuttal: REBUTTAL }), {
      push_list_for_case: () => [summary({ push: push({ id: 7 }) })],
      push_draft: () => ({
        case_id: 5,
        case_title: "龙塔社区发生枪击案",
        level: null,
        rebuttal: REBUTTAL,
        filter: { tiers: ["main"], units: [], territories: [], platforms: [], exclude: [] },
        deadlines: [{ tier: "main", due_at: "2099-03-01T06:00:00Z" }],
        template: "{标题}",
        notice: "请转发",
        units: [],
        territories: [],
      }),
      bot_list: () => [],
      push_preview: () => ({ accounts: [], counts: [] }),
    });
    const { wrapper, router } = await mountPage();
    expect(callsOf("push_list_for_case")).toEqual([{ caseId: 5 }]);
    const item = find("section-pushes").find('[data-testid="push-item"]');
    expect(item.attributes("data-push-id")).toBe("7");

    await click("btn-launch-push");
    expect(find("push-launch").exists()).toBe(true);
    expect(callsOf("push_draft")).toEqual([{ caseId: 5 }]);

    await item.trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe("/pushes/7");
    wrapper.unmount();
  });

  it("offers no push before the rebuttal is published", async () => {
    backend(caseRecord({ id: 5, status: "verifying" }));
    const { wrapper } = await mountPage();
    expect(find("btn-launch-push").exists()).toBe(false);
    expect(find("section-pushes").exists()).toBe(false);
    expect(callsOf("push_list_for_case")).toHaveLength(0);
    wrapper.unmount();
  });
});
