// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { defineComponent, h, ref } from "vue";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import CaseIntakeDialog from "../src/components/cases/CaseIntakeDialog.vue";
import type { SimilarCase } from "../src/bindings/SimilarCase";
import { callsOf, globalPlugins, mockBackend, page, sleep, type Handler } from "./helpers";
import { caseRecord } from "./caseFixtures";

const similar: SimilarCase[] = [
  { id: 7, title: "网传龙塔社区枪击", status: "verifying", created_at: "2025-02-28T02:00:00Z", score: 0.86 },
  { id: 3, title: "<img src=x onerror=alert(1)>龙塔广场有人开枪", status: "new", created_at: "2025-02-20T02:00:00Z", score: 0.41 },
];

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    case_similar: () => similar,
    case_create: (args) => caseRecord({ id: 21, ...(args.input as object) }),
    case_merge: (args) => caseRecord({ id: args.id as number, status: "merged", merged_into: args.into as number }),
    ...extra,
  });
}

const events = { created: [] as number[], merged: [] as number[] };

async function mountDialog() {
  events.created = [];
  events.merged = [];
  const Host = defineComponent({
    setup() {
      const open = ref(true);
      return () =>
        h(CaseIntakeDialog, {
          modelValue: open.value,
          "onUpdate:modelValue": (value: boolean) => (open.value = value),
          onCreated: (id: number) => events.created.push(id),
          onMerged: (id: number) => events.merged.push(id),
        });
    },
  });
  const wrapper = mount(Host, { global: globalPlugins(), attachTo: document.body });
  await flushPromises();
  return wrapper;
}

async function type(testid: string, value: string) {
  await page().find(`[data-testid="${testid}"]`).setValue(value);
}

async function clickSave() {
  await page().find('[data-testid="btn-save-case"]').trigger("click");
  await flushPromises();
  await sleep(150); // Element Plus shows a field's error after a short debounce
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("CaseIntakeDialog", () => {
  it("puts the test ids on the fields a user types into", async () => {
    backend();
    const wrapper = await mountDialog();
    expect(page().find('[data-testid="intake-title"]').element.tagName).toBe("INPUT");
    expect(page().find('[data-testid="intake-content"]').element.tagName).toBe("TEXTAREA");
    expect(page().find('[data-testid="intake-urls"]').element.tagName).toBe("TEXTAREA");
    expect(page().find('[data-testid="intake-platform"]').element.tagName).toBe("INPUT");
    expect(page().find('[data-testid="intake-first-seen"]').element.tagName).toBe("INPUT");
    for (const source of ["netizen_report", "patrol", "assigned", "department_report"]) {
      expect(page().find(`[data-testid="intake-source-${source}"]`).exists()).toBe(true);
    }
    // the reporter is asked for only for reports
    expect(page().find('[data-testid="intake-reporter-name"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("shows similar cases while typing, with their scores, as text", async () => {
    backend();
    const wrapper = await mountDialog();
    await type("intake-title", "龙塔社区枪击");
    await type("intake-content", "网传龙塔社区昨晚发生枪击");
    expect(callsOf("case_similar")).toHaveLength(0); // debounced
    await sleep(450);
    await flushPromises();
    expect(callsOf("case_similar")).toEqual([{ title: "龙塔社区枪击", content: "网传龙塔社区昨晚发生枪击" }]);

    const box = page().find('[data-testid="similar-cases"]');
    expect(box.exists()).toBe(true);
    expect(box.text()).toContain("相似案件");
    expect(box.text()).toContain("网传龙塔社区枪击");
    expect(box.text()).toContain("相似度 86%");
    expect(box.text()).toContain("相似度 41%");
    expect(box.text()).toContain("<img src=x onerror=alert(1)>龙塔广场有人开枪");
    expect(box.find("img").exists()).toBe(false);
    expect(page().find('[data-testid="btn-merge-7"]').element.tagName).toBe("BUTTON");
    expect(page().find('[data-testid="btn-merge-3"]').text()).toBe("合并到此案件");
    wrapper.unmount();
  });

  it("refuses a missing title and bad URLs before anything is sent", async () => {
    backend();
    const wrapper = await mountDialog();
    await clickSave();
    expect(page().text()).toContain("请输入谣言标题");
    await type("intake-title", "网".repeat(201));
    await type("intake-urls", "https://weibo.com/1\nweibo.com/2");
    await clickSave();
    expect(page().text()).toContain("谣言标题不能超过 200 个字");
    expect(page().text()).toContain("以下网址格式有误");
    expect(page().text()).toContain("weibo.com/2");
    expect(callsOf("case_create")).toHaveLength(0);
    wrapper.unmount();
  });

  it("registers a netizen report through case_create with the reporter", async () => {
    backend();
    const wrapper = await mountDialog();
    await type("intake-title", "  龙塔社区发生枪击案 ");
    await type("intake-content", "网传龙塔社区昨晚发生枪击，多人受伤。");
    await type("intake-urls", "https://weibo.com/1\n\n http://example.com/a \n");
    await page().find('[data-testid="intake-source-netizen_report"]').trigger("click");
    await flushPromises();
    await type("intake-reporter-name", "张先生");
    await type("intake-reporter-contact", "13800001234");
    await clickSave();

    expect(callsOf("case_create")).toEqual([
      {
        input: {
          title: "龙塔社区发生枪击案",
          content: "网传龙塔社区昨晚发生枪击，多人受伤。",
          platform: null,
          urls: ["https://weibo.com/1", "http://example.com/a"],
          first_seen_at: null,
          source: "netizen_report",
          reporter_name: "张先生",
          reporter_contact: "13800001234",
        },
      },
    ]);
    expect(callsOf("case_merge")).toHaveLength(0);
    expect(events.created).toEqual([21]);
    expect(document.body.textContent).toContain("已登记，案件编号 21");
    wrapper.unmount();
  });

  it("shows the backend's message when registering fails", async () => {
    backend({
      case_create: () => {
        throw { code: "invalid", message: "首次发现时间格式无效" };
      },
    });
    const wrapper = await mountDialog();
    await type("intake-title", "龙塔社区发生枪击案");
    await clickSave();
    expect(document.body.textContent).toContain("首次发现时间格式无效");
    expect(events.created).toEqual([]);
    wrapper.unmount();
  });

  it("merges into an existing case: registers, merges new → existing, and opens the existing one", async () => {
    backend();
    const wrapper = await mountDialog();
    await type("intake-title", "龙塔社区枪击");
    await type("intake-content", "网传龙塔社区昨晚发生枪击");
    await sleep(450);
    await flushPromises();
    await page().find('[data-testid="btn-merge-7"]').trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("合并到案件 7「网传龙塔社区枪击」");
    expect(callsOf("case_create")).toHaveLength(0); // not before the confirmation
    await page().find(".el-message-box .el-button--primary").trigger("click");
    await flushPromises();
    await sleep(50);
    await flushPromises();

    expect(callsOf("case_create")).toHaveLength(1);
    expect(callsOf("case_create")[0]!.input).toMatchObject({ title: "龙塔社区枪击", source: "patrol" });
    expect(callsOf("case_merge")).toEqual([{ id: 21, into: 7 }]);
    expect(events.merged).toEqual([7]);
    expect(events.created).toEqual([]);
    wrapper.unmount();
  });
});
