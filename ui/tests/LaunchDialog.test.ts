// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import LaunchDialog from "../src/components/pushes/LaunchDialog.vue";
import type { Account } from "../src/bindings/Account";
import type { PushDraft } from "../src/bindings/PushDraft";
import type { TargetFilter } from "../src/bindings/TargetFilter";
import { account, appGlobal, byTestid, callsOf, loaded, mockBackend, page, sleep, testRouter, type Handler } from "./helpers";
import { REBUTTAL, board, bot, push } from "./pushFixtures";

// far enough ahead that no deadline is past while the tests run (Beijing time: UTC+8)
const MAIN_DUE = "2099-03-01T06:00:00Z"; // 14:00
const AUXILIARY_DUE = "2099-03-01T10:00:00Z"; // 18:00

const ledger: Account[] = [
  account({ id: 1, name: "平安云川", tier: "main", unit: "区公安分局", platform: "weibo", watch_url: "https://weibo.com/pa" }),
  account({ id: 2, name: "云川发布", tier: "main", unit: "区委网信办" }),
  account({ id: 3, name: "龙塔街道", tier: "auxiliary", unit: "龙塔街道办事处", territory: "龙塔街道" }),
  account({ id: 4, name: "云川生活圈", tier: "allied", platform: "group_chat" }),
];

function draft(fields: Partial<PushDraft> = {}): PushDraft {
  return {
    case_id: 5,
    case_title: "龙塔社区发生枪击案",
    level: "serious",
    rebuttal: REBUTTAL,
    filter: { tiers: ["main"], units: [], territories: [], platforms: [], exclude: [] },
    deadlines: [
      { tier: "main", due_at: MAIN_DUE },
      { tier: "auxiliary", due_at: AUXILIARY_DUE },
      { tier: "allied", due_at: AUXILIARY_DUE },
    ],
    template: "{标题}：{要求}",
    notice: "通知：主力军 14:00 前",
    units: ["区公安分局", "区委网信办", "龙塔街道办事处"],
    territories: ["龙塔街道"],
    ...fields,
  };
}

function backend(extra: Record<string, Handler> = {}, start: PushDraft = draft()) {
  return mockBackend({
    push_draft: () => start,
    bot_list: () => [
      bot({ id: 1, name: "主力军工作群" }),
      bot({ id: 2, name: "同盟军群", kind: "dingtalk" }),
      bot({ id: 3, name: "已停用的群", enabled: false }),
    ],
    // as the backend answers: every selected account listed, the unticked ones not counted
    push_preview: (args) => {
      const filter = args.filter as TargetFilter;
      const accounts = ledger.filter((a) => filter.tiers.length === 0 || filter.tiers.includes(a.tier));
      const counted = accounts.filter((a) => !filter.exclude.includes(a.id));
      const counts = (["main", "auxiliary", "allied"] as const)
        .map((tier) => ({ tier, count: counted.filter((a) => a.tier === tier).length }))
        .filter((c) => c.count > 0);
      return { accounts, counts, matching: accounts.length, page: 1, page_size: args.pageSize };
    },
    push_render_notice: (args) => {
      const deadlines = args.deadlines as { tier: string; due_at: string }[];
      return `通知：${deadlines.map((d) => d.tier).join("+")}`;
    },
    push_launch: () => board({ push: push({ id: 42, targets: 3 }) }),
    ...extra,
  });
}

async function mountDialog() {
  const router = await testRouter("/cases/5");
  const wrapper = mount(LaunchDialog, {
    props: {
      caseId: 5,
      modelValue: true,
      "onUpdate:modelValue": (open: boolean) => wrapper.setProps({ modelValue: open }),
    },
    global: appGlobal(router),
    attachTo: document.body,
  });
  return loaded({ wrapper, router });
}

const find = byTestid;

/** Waits out the preview and notice debounces. */
async function settle() {
  await sleep(350);
  await flushPromises();
  await sleep(350);
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("LaunchDialog", () => {
  it("starts from the draft: all main force, its deadline, the notice; sends to the bots ticked", async () => {
    backend();
    const { wrapper, router } = await mountDialog();

    expect(find("push-launch").exists()).toBe(true);
    expect(callsOf("push_draft")).toEqual([{ caseId: 5 }]);
    expect(callsOf("push_preview")).toEqual([
      { filter: { tiers: ["main"], units: [], territories: [], platforms: [], exclude: [] }, page: 1, pageSize: 20 },
    ]);
    expect(find("push-filter-tier-main").find("input").element.checked).toBe(true);
    expect(find("push-filter-tier-auxiliary").find("input").element.checked).toBe(false);

    const rows = page().findAll('[data-testid="preview-row"]');
    expect(rows.map((row) => row.attributes("data-account-id"))).toEqual(["1", "2"]);
    expect(find("push-preview-count-main").attributes("data-count")).toBe("2");
    expect(find("push-preview-count-auxiliary").exists()).toBe(false);
    expect(find("push-preview").text()).toContain("已选 2 个账号");

    // a deadline for the targeted tier only, in local time
    expect((find("push-deadline-main").element as HTMLInputElement).value).toBe("2099-03-01 14:00");
    expect(find("push-deadline-auxiliary").exists()).toBe(false);
    expect((find("push-notice").element as HTMLTextAreaElement).value).toBe("通知：主力军 14:00 前");

    // the enabled bots, none ticked until the coordinator chooses
    expect(find("push-bot-1").find("input").element.checked).toBe(false);
    expect(find("push-bot-2").find("input").element.checked).toBe(false);
    expect(find("push-bot-3").exists()).toBe(false);
    await find("push-bot-1").find("input").setValue(true);
    await settle();

    await find("btn-confirm-launch").trigger("click");
    await flushPromises();
    expect(callsOf("push_launch")).toHaveLength(1);
    const launch = callsOf("push_launch")[0]!.launch as Record<string, unknown>;
    expect(launch).toMatchObject({
      case_id: 5,
      filter: { tiers: ["main"], units: [], territories: [], platforms: [], exclude: [] },
      deadlines: [{ tier: "main", due_at: MAIN_DUE }],
      bot_ids: [1],
    });
    expect(launch.notice).toBe("通知：主力军 14:00 前");
    expect(callsOf("push_render_notice")).toHaveLength(0);
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe("/pushes/42"));
    expect(document.body.textContent).toContain("推送已发起，共 3 个账号");
    wrapper.unmount();
  });

  it("re-lists the targets when the filter changes, leaves out unticked rows, re-fills the notice", async () => {
    backend();
    const { wrapper } = await mountDialog();
    await settle();
    // the draft's notice is the main force's, as targeted: nothing to fill in again
    expect(callsOf("push_render_notice")).toHaveLength(0);

    await find("push-filter-tier-auxiliary").find("input").setValue(true);
    await settle();
    expect(callsOf("push_preview").at(-1)).toEqual({
      filter: { tiers: ["main", "auxiliary"], units: [], territories: [], platforms: [], exclude: [] },
      page: 1,
      pageSize: 20,
    });
    expect(find("push-preview-count-auxiliary").attributes("data-count")).toBe("1");
    expect((find("push-deadline-auxiliary").element as HTMLInputElement).value).toBe("2099-03-01 18:00");
    // a second tier: the notice follows the template again
    expect(callsOf("push_render_notice")).toHaveLength(1);
    expect(callsOf("push_render_notice")[0]).toEqual({
      caseId: 5,
      deadlines: [
        { tier: "main", due_at: MAIN_DUE },
        { tier: "auxiliary", due_at: AUXILIARY_DUE },
      ],
      template: "{标题}：{要求}",
    });
    expect((find("push-notice").element as HTMLTextAreaElement).value).toBe("通知：main+auxiliary");

    // untick 云川发布: still listed, not counted (the backend counts), sent as excluded
    await find("preview-include-2").find("input").setValue(false);
    await settle();
    expect(callsOf("push_preview").at(-1)).toMatchObject({ filter: { exclude: [2] } });
    expect(find("preview-include-2").find("input").element.checked).toBe(false);
    expect(find("push-preview-count-main").attributes("data-count")).toBe("1");
    expect(find("push-preview").text()).toContain("已排除 1 个");

    await find("btn-confirm-launch").trigger("click");
    await flushPromises();
    const launch = callsOf("push_launch")[0]!.launch as { filter: TargetFilter };
    expect(launch.filter).toEqual({ tiers: ["main", "auxiliary"], units: [], territories: [], platforms: [], exclude: [2] });
    wrapper.unmount();
  });

  it("keeps a notice edited by hand when the deadlines change, and fills it in again on request", async () => {
    backend();
    const { wrapper } = await mountDialog();
    await settle();
    await find("push-notice").setValue("请各单位于今晚前转发。");
    expect(find("notice-edited").exists()).toBe(true);
    const rendered = callsOf("push_render_notice").length;

    // a new deadline for the main force, typed into the picker
    const input = find("push-deadline-main");
    await input.setValue("2099-03-01 16:30");
    await input.trigger("change");
    await settle();
    expect(callsOf("push_render_notice").length).toBe(rendered);
    expect((find("push-notice").element as HTMLTextAreaElement).value).toBe("请各单位于今晚前转发。");

    await find("btn-rerender-notice").trigger("click");
    await flushPromises();
    expect(callsOf("push_render_notice").at(-1)).toMatchObject({ deadlines: [{ tier: "main", due_at: "2099-03-01T08:30:00Z" }] });
    expect((find("push-notice").element as HTMLTextAreaElement).value).toBe("通知：main");
    expect(find("notice-edited").exists()).toBe(false);
    wrapper.unmount();
  });

  it("refuses a launch with a past deadline or without a notice, and says why", async () => {
    backend({}, draft({ deadlines: [{ tier: "main", due_at: "2020-03-01T06:00:00Z" }], notice: "" }));
    const { wrapper } = await mountDialog();
    await settle();
    await find("push-notice").setValue("");
    await find("btn-confirm-launch").trigger("click");
    await flushPromises();
    expect(callsOf("push_launch")).toHaveLength(0);
    const problems = find("launch-problems").text();
    expect(problems).toContain("主力军的截止时间已过，请重新设置。");
    expect(problems).toContain("请填写推送通知。");
    wrapper.unmount();
  });

  it("without bots, says where to set them up", async () => {
    backend({ bot_list: () => [] });
    const { wrapper, router } = await mountDialog();
    expect(find("push-no-bots").text()).toContain("尚未配置群机器人");
    await find("link-bot-settings").trigger("click");
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe("/settings/push"));
    wrapper.unmount();
  });

  it("shows why the draft cannot be made", async () => {
    backend({
      push_draft: () => {
        throw { code: "no_rebuttal", message: "案件尚未登记辟谣信息" };
      },
    });
    const { wrapper } = await mountDialog();
    expect(find("push-launch-error").text()).toContain("案件尚未登记辟谣信息");
    expect(find("btn-confirm-launch").attributes("disabled")).toBeDefined();
    wrapper.unmount();
  });
});
