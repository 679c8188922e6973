// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("./eventBus"));

import DashboardPage from "../src/pages/DashboardPage.vue";
import type { Dashboard } from "../src/bindings/Dashboard";
import { appGlobal, byTestid, callsOf, clickTestid, loaded, mockBackend, page, testRouter, type Handler } from "./helpers";
import { coverageOf, monitor, push, summary, tierCoverage } from "./pushFixtures";
import { caseSummary } from "./caseFixtures";
import { dashboardRecord, drillResult, figure, overdueTier, workSummary } from "./statsFixtures";
import { emitEvent } from "./eventBus";

const TODAY = { from: "2026-03-04", to: "2026-03-04" };
const WEEK = { from: "2026-03-02", to: "2026-03-04" };

function busyDashboard(): Dashboard {
  return dashboardRecord({
    now: "2026-03-04T08:00:00Z",
    active_pushes: [
      summary({
        push: push({ id: 7, created_at: "2026-03-04T04:00:00Z" }),
        case_title: "龙塔社区发生枪击案",
        coverage: coverageOf([
          tierCoverage("main", { targeted: 10, reposted: 7 }),
          tierCoverage("auxiliary", { targeted: 20, reposted: 20 }),
        ]),
        monitor: monitor(),
      }),
      summary({ push: push({ id: 9 }), case_id: 6, case_title: "青石镇自来水被污染" }),
    ],
    overdue_cases: [
      caseSummary({
        id: 11,
        title: "有人冒充民警销售通行证",
        level: "serious",
        lead_unit: "区公安分局",
        rebuttal_due_at: "2026-03-04T05:00:00Z",
        overdue: true,
      }),
      caseSummary({ id: 12, title: '<img src=x onerror="alert(1)">学校停课', rebuttal_due_at: "2026-03-04T07:30:00Z", overdue: true }),
    ],
    overdue_count: figure(57, "cases_overdue"),
    overdue_tiers: [overdueTier({ push_id: 7, tier: "main", due_at: "2026-03-04T06:00:00Z", targeted: 10, reposted: 7 })],
    today: workSummary({ cases_recorded: 3, rebuttals_published: 1, pushes_launched: 1, reposts_confirmed: 27, reminders_sent: 2 }, TODAY),
    week: workSummary({ cases_recorded: 9, rebuttals_published: 4, pushes_launched: 2, reposts_confirmed: 41, reminders_sent: 5 }, WEEK),
  });
}

let current: Dashboard;

function backend(record: Dashboard, accounts = 42, extra: Record<string, Handler> = {}) {
  current = record;
  return mockBackend({
    stats_dashboard: () => current,
    db_status: () => ({ path: "/data/piyao.sqlite3", accounts, schema_version: 5 }),
    ...extra,
  });
}

async function mountDashboard() {
  const router = await testRouter("/dashboard");
  const wrapper = mount(DashboardPage, { global: appGlobal(router), attachTo: document.body });
  return loaded({ wrapper, router });
}

beforeEach(() => {
  document.body.innerHTML = "";
});

afterEach(() => {
  vi.useRealTimers();
});

describe("DashboardPage", () => {
  it("lists the monitored pushes with their coverage per tier; a push opens its board", async () => {
    backend(busyDashboard());
    const { wrapper, router } = await mountDashboard();
    expect(byTestid("dashboard").exists()).toBe(true);
    const pushes = byTestid("dash-active-pushes");
    expect(pushes.text()).toContain("监测中的推送");
    expect(pushes.text()).toContain("2 个");
    const first = byTestid("dash-push-7");
    expect(first.text()).toContain("龙塔社区发生枪击案");
    expect(first.find('[data-testid="push-item-tier-main"]').attributes("data-ratio")).toBe("0.7");
    expect(first.find('[data-testid="push-item-tier-main"]').text()).toContain("70%");
    expect(first.find('[data-testid="push-item-tier-auxiliary"]').text()).toContain("100%");
    expect(byTestid("dash-push-9").exists()).toBe(true);

    await clickTestid("dash-push-7");
    expect(router.currentRoute.value.fullPath).toBe("/pushes/7");
    wrapper.unmount();
  });

  it("lists overdue cases (→ the case) and overdue tiers (→ the board, filtered to the tier's stragglers)", async () => {
    backend(busyDashboard());
    const { wrapper, router } = await mountDashboard();
    const cases = byTestid("dash-overdue-cases");
    expect(cases.text()).toContain("共 57 件");
    expect(cases.text()).toContain("列出最紧急的 2 件");
    const first = byTestid("dash-overdue-case-11");
    expect(first.text()).toContain("有人冒充民警销售通行证");
    expect(first.text()).toContain("重大");
    expect(first.text()).toContain("辟谣主体：区公安分局");
    expect(first.text()).toContain("截止 2026-03-04 13:00，已超时 3 小时");
    // a title is text
    const second = byTestid("dash-overdue-case-12");
    expect(second.text()).toContain('<img src=x onerror="alert(1)">学校停课');
    expect(second.find("img").exists()).toBe(false);
    expect(second.text()).toContain("尚未确定辟谣主体");

    const tier = byTestid("dash-overdue-tier-7-main");
    expect(byTestid("dash-overdue-tiers").text()).toContain("超过截止时间仍未转载");
    expect(tier.text()).toContain("主力军");
    expect(tier.text()).toContain("龙塔社区发生枪击案");
    expect(tier.find('[data-testid="dash-overdue-tier-stragglers"]').text()).toBe("3 个账号未转载");
    expect(tier.text()).toContain("已转载 7 / 10");
    expect(tier.text()).toContain("已超时 2 小时");

    await clickTestid("dash-overdue-tier-7-main");
    expect(router.currentRoute.value.name).toBe("push");
    expect(router.currentRoute.value.params.id).toBe("7");
    expect(router.currentRoute.value.query).toEqual({ tier: "main", stragglers: "1" });

    await router.push("/dashboard");
    await clickTestid("dash-overdue-case-11");
    expect(router.currentRoute.value.fullPath).toBe("/cases/11");
    wrapper.unmount();
  });

  it("shows today's and this week's work; a figure opens what it counts for that span", async () => {
    backend(busyDashboard(), 42, {
      stats_drill: () =>
        drillResult({
          drill: { kind: "reposts_confirmed", key: "" },
          total: 1,
          targets: [
            {
              push_id: 7,
              case_id: 5,
              case_title: "龙塔社区发生枪击案",
              launched_at: "2026-03-04T04:00:00Z",
              account_id: 31,
              account: "平安云川",
              platform: "weibo",
              tier: "main",
              unit: "区公安分局",
              verdict: "reposted",
              first_seen_at: "2026-03-04T04:12:00Z",
              due_at: "2026-03-04T06:00:00Z",
            },
          ],
        }),
    });
    const { wrapper, router } = await mountDashboard();
    const today = byTestid("dash-today");
    expect(today.text()).toContain("今日工作");
    expect(today.find('[data-testid="dash-figure-cases_recorded"]').text()).toBe("登记案件3件");
    expect(today.find('[data-testid="dash-figure-reminders_sent"]').attributes("data-value")).toBe("2");
    const week = byTestid("dash-week");
    expect(week.text()).toContain("2026-03-02 至 2026-03-04");
    expect(week.find('[data-testid="dash-figure-reposts_confirmed-value"]').text()).toBe("41");

    await week.find('[data-testid="dash-figure-reposts_confirmed-value"]').trigger("click");
    await loaded(undefined);
    expect(callsOf("stats_drill")).toEqual([{ period: WEEK, drill: { kind: "reposts_confirmed", key: "" }, page: 1, pageSize: 20 }]);
    const drawer = byTestid("stats-drill");
    expect(drawer.text()).toContain("确认转载的目标账号");
    expect(drawer.text()).toContain("2026-03-02 至 2026-03-04");
    expect(drawer.text()).toContain("共 1 条");
    const rows = page().findAll('[data-testid="drill-row"]');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text()).toContain("平安云川");
    expect(rows[0]!.text()).toContain("已转载");
    await rows[0]!.find("td").trigger("click");
    await loaded(undefined);
    expect(router.currentRoute.value.fullPath).toBe("/pushes/7");
    wrapper.unmount();
  });

  it("lists every overdue case behind the total, as of now", async () => {
    backend(busyDashboard(), 42, {
      stats_drill: ({ drill }) =>
        drillResult({
          drill: drill as never,
          total: 57,
          cases: [caseSummary({ id: 11, title: "有人冒充民警销售通行证", overdue: true })],
        }),
    });
    const { wrapper } = await mountDashboard();
    await clickTestid("dash-overdue-count");
    expect(callsOf("stats_drill")[0]!.drill).toEqual({ kind: "cases_overdue", key: "" });
    expect(byTestid("drill-title").text()).toBe("辟谣已超时的案件");
    expect(byTestid("drill-scope").text()).toBe("截至现在");
    // 57 in all, paged by the backend: 共 57 条 under the list
    expect(callsOf("stats_drill")[0]).toMatchObject({ page: 1, pageSize: 20 });
    expect(byTestid("drill-pager").text()).toContain("57");
    await page().find('[data-testid="drill-pager"] .el-pager li:last-child').trigger("click");
    await flushPromises();
    expect(callsOf("stats_drill").at(-1)).toMatchObject({ page: 3, pageSize: 20 });
    wrapper.unmount();
  });

  it("reloads when a push was re-checked and every 30 seconds", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    backend(busyDashboard());
    const { wrapper } = await mountDashboard();
    expect(callsOf("stats_dashboard")).toHaveLength(1);

    current = { ...busyDashboard(), active_pushes: [] };
    emitEvent("push-updated", { push_id: 7 });
    await loaded(undefined);
    expect(callsOf("stats_dashboard")).toHaveLength(2);
    expect(byTestid("dash-push-7").exists()).toBe(false);
    expect(byTestid("dash-active-pushes").text()).toContain("当前没有监测中的推送");

    vi.advanceTimersByTime(30_000);
    await loaded(undefined);
    expect(callsOf("stats_dashboard")).toHaveLength(3);
    wrapper.unmount();
  });

  it("keeps quick actions at hand: record a rumor, see the statistics", async () => {
    backend(busyDashboard());
    const { wrapper, router } = await mountDashboard();
    await clickTestid("btn-dash-new-case");
    expect(router.currentRoute.value.fullPath).toBe("/cases?intake=1");
    await router.push("/dashboard");
    await clickTestid("btn-dash-statistics");
    expect(router.currentRoute.value.fullPath).toBe("/statistics");
    wrapper.unmount();
  });

  it("points a fresh install to the ledger and the demo", async () => {
    backend(dashboardRecord(), 0, { demo_load: () => ({ created: 24, updated: 0, skipped: 0 }) });
    const { wrapper, router } = await mountDashboard();
    expect(byTestid("dash-empty").text()).toContain("台账中还没有账号");
    expect(byTestid("dash-active-pushes").exists()).toBe(false);
    expect(byTestid("dash-today").exists()).toBe(false);

    await clickTestid("btn-dash-demo");
    expect(byTestid("demo-offer").exists()).toBe(true);
    await clickTestid("btn-load-demo");
    expect(callsOf("demo_load")).toHaveLength(1);
    // reloaded: the ledger is no longer empty
    expect(callsOf("stats_dashboard")).toHaveLength(2);

    await clickTestid("btn-dash-ledger");
    expect(router.currentRoute.value.fullPath).toBe("/ledger");
    wrapper.unmount();
  });

  it("shows a quiet dashboard, not the welcome, once the ledger has accounts", async () => {
    backend(dashboardRecord(), 12);
    const { wrapper } = await mountDashboard();
    expect(byTestid("dash-empty").exists()).toBe(false);
    expect(byTestid("dash-overdue-cases").text()).toContain("没有辟谣超时的案件");
    expect(byTestid("dash-overdue-tiers").text()).toContain("各梯队均未超时");
    expect(byTestid("dash-overdue-count").exists()).toBe(false);
    wrapper.unmount();
  });

  it("shows how much of each tier the checker can read on its own", async () => {
    backend(
      dashboardRecord({
        checkable: [
          { tier: "main", accounts: 20, auto: 15, people: 3, failed: 2, untested: 0 },
          { tier: "allied", accounts: 40, auto: 4, people: 30, failed: 0, untested: 6 },
        ],
      }),
    );
    const { wrapper } = await mountDashboard();
    const main = byTestid("dash-checkable-main");
    expect(main.text()).toContain("主力");
    expect(main.text()).toContain("75%");
    expect(main.text()).toContain("15 / 20");
    expect(main.text()).toContain("读取失败 2");
    expect(byTestid("dash-checkable-ratio-allied").attributes("data-ratio")).toBe("0.1");
    expect(byTestid("dash-checkable-allied").text()).toContain("未测试 6");
    expect(byTestid("dash-checkable-auxiliary").exists()).toBe(false);
    wrapper.unmount();
  });

  it("says so when the dashboard cannot be read", async () => {
    mockBackend({
      stats_dashboard: () => {
        throw { code: "db", message: "数据库已锁定" };
      },
      db_status: () => ({ path: "/x", accounts: 1, schema_version: 5 }),
    });
    const { wrapper } = await mountDashboard();
    expect(byTestid("dash-error").text()).toContain("无法读取工作台：数据库已锁定");
    wrapper.unmount();
  });
});
