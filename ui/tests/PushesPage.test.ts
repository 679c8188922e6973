// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import PushesPage from "../src/pages/PushesPage.vue";
import type { PushSummary } from "../src/bindings/PushSummary";
import { appGlobal, callsOf, loaded, mockBackend, page, testRouter } from "./helpers";
import { coverageOf, monitor, push, summary, tierCoverage } from "./pushFixtures";

const list: PushSummary[] = [
  summary({
    push: push({ id: 3, created_at: "2025-03-03T02:00:00Z", status: "finished", finished_at: "2025-03-04T02:00:00Z" }),
    case_title: "青石中心小学食物中毒",
    monitor: monitor({ active: false, stopped_reason: "已过截止时间" }),
  }),
  summary({
    push: push({ id: 7, created_at: "2025-03-01T04:00:00Z" }),
    case_title: '<script>alert("x")</script>龙塔社区发生枪击案',
    coverage: coverageOf([
      tierCoverage("main", { targeted: 4, reposted: 3 }),
      tierCoverage("auxiliary", { targeted: 10, reposted: 2 }),
    ]),
  }),
];

async function mountPage() {
  const router = await testRouter("/pushes");
  const wrapper = mount(PushesPage, { global: appGlobal(router), attachTo: document.body });
  return loaded({ wrapper, router });
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("PushesPage", () => {
  it("lists monitored pushes first, with per-tier coverage, and opens a board", async () => {
    mockBackend({ push_list: (args) => (args.activeOnly ? list.filter((s) => s.monitor.active) : list) });
    const { wrapper, router } = await mountPage();
    expect(callsOf("push_list")).toEqual([{ activeOnly: false }]);
    const items = page().findAll('[data-testid="push-item"]');
    expect(items.map((item) => item.attributes("data-push-id"))).toEqual(["7", "3"]);
    expect(items[0]!.find('[data-testid="push-item-case"]').text()).toBe('<script>alert("x")</script>龙塔社区发生枪击案');
    expect(document.querySelectorAll("script")).toHaveLength(0);
    expect(items[0]!.find('[data-testid="push-item-tier-main"]').attributes("data-ratio")).toBe("0.75");
    expect(items[0]!.find('[data-testid="push-item-tier-main"]').text()).toContain("75%");
    expect(items[0]!.find('[data-testid="push-item-tier-auxiliary"]').text()).toContain("2 / 10");
    expect(items[0]!.find('[data-testid="monitor-state"]').text()).toContain("监测中");
    expect(items[1]!.find('[data-testid="monitor-state"]').text()).toContain("已停止监测");

    await page().find('[data-testid="pushes-active-only"]').trigger("click");
    await flushPromises();
    expect(callsOf("push_list").at(-1)).toEqual({ activeOnly: true });
    expect(page().findAll('[data-testid="push-item"]')).toHaveLength(1);

    await page().find('[data-testid="push-item"]').trigger("click");
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe("/pushes/7");
    wrapper.unmount();
  });

  it("explains an empty list", async () => {
    mockBackend({ push_list: () => [] });
    const { wrapper } = await mountPage();
    expect(page().find('[data-testid="pushes-empty"]').text()).toContain("在已发布辟谣信息的案件页面点击「发起推送」");
    wrapper.unmount();
  });
});
