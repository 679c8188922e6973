// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));

import { save } from "@tauri-apps/plugin-dialog";
import StatisticsPage from "../src/pages/StatisticsPage.vue";
import StatsChart from "../src/components/stats/StatsChart.vue";
import type { Drill } from "../src/bindings/Drill";
import type { Period } from "../src/bindings/Period";
import { presetPeriod } from "../src/lib/period";
import { appGlobal, byTestid, callsOf, clickTestid, loaded, mockBackend, page, testRouter, type Handler } from "./helpers";
import { caseSummary } from "./caseFixtures";
import { drillResult, pushLine, statisticsRecord, targetLine } from "./statsFixtures";

const THIS_YEAR = presetPeriod("year");
const THIS_MONTH = presetPeriod("month");

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    stats_year: ({ period }) => statisticsRecord({ period: period as Period }),
    stats_drill: ({ drill }) => {
      const asked = drill as Drill;
      if (asked.kind.startsWith("tier_") || asked.kind.startsWith("unit_")) {
        return drillResult({
          drill: asked,
          total: 2,
          targets: [
            targetLine({ account_id: 1, account: "云川发布", tier: "main", verdict: "not_found", due_at: "2026-03-01T06:00:00Z" }),
            targetLine({ account_id: 2, account: "平安云川", tier: "main", push_id: 9, verdict: null }),
          ],
        });
      }
      if (asked.kind === "main_not_reached") {
        return drillResult({ drill: asked, total: 1, pushes: [pushLine({ push_id: 9, main_100_at: null })] });
      }
      return drillResult({
        drill: asked,
        total: 2,
        cases: [
          caseSummary({ id: 11, title: "有人冒充民警销售通行证", level: "serious", source: "netizen_report" }),
          caseSummary({ id: 12, title: "青石镇自来水被污染", source: "patrol" }),
        ],
      });
    },
    ...extra,
  });
}

async function mountStats(path = "/statistics") {
  const router = await testRouter(path);
  const wrapper = mount(StatisticsPage, { global: appGlobal(router, { StatsChart: true }), attachTo: document.body });
  return loaded({ wrapper, router });
}

function drillRows() {
  return page().findAll('[data-testid="drill-row"]');
}

beforeEach(() => {
  document.body.innerHTML = "";
  vi.mocked(save).mockReset();
});

describe("StatisticsPage", () => {
  it("computes this year by default and shows the summary, the timeliness and every breakdown", async () => {
    backend();
    const { wrapper } = await mountStats();
    expect(callsOf("stats_year")).toEqual([{ period: THIS_YEAR }]);
    expect(byTestid("stats-period").attributes("data-preset")).toBe("year");

    const summary = byTestid("stats-summary");
    expect(summary.find('[data-testid="stats-figure-cases"]').text()).toBe("共登记谣言34件");
    expect(summary.find('[data-testid="stats-figure-rebuttals"]').text()).toBe("共组织辟谣21次");
    expect(summary.find('[data-testid="stats-figure-accounts_reached"]').text()).toBe("转载覆盖120个账号");
    // 356 of 400, as the board counts percentages
    expect(summary.find('[data-testid="stats-figure-coverage-value"]').text()).toBe("89");

    const timeliness = byTestid("stats-timeliness");
    expect(byTestid("timeliness-rebuttal_time-median").text()).toBe("2.5 小时");
    expect(byTestid("timeliness-rebuttal_time-p90").text()).toBe("8.3 小时");
    expect(byTestid("stats-figure-rebuttal_time-not_reached").text()).toBe("3");
    expect(byTestid("timeliness-main_80-median").text()).toBe("25 分钟");
    expect(byTestid("stats-figure-main_100-not_reached").text()).toBe("6");
    expect(timeliness.text()).toContain("推送后主力军转载达到 80%");

    const source = byTestid("chart-by-source");
    expect(source.text()).toContain("案件来源");
    expect(source.findAll('[data-testid="chart-row"]').map((row) => [row.attributes("data-key"), row.attributes("data-value")])).toEqual([
      ["netizen_report", "20"],
      ["patrol", "14"],
      ["assigned", "0"],
      ["department_report", "0"],
    ]);
    expect(byTestid("chart-by-subject").text()).toContain("未归属属事");
    expect(byTestid("chart-by-territory").text()).toContain("龙塔街道");
    expect(byTestid("chart-by-level").text()).toContain("特别重大");
    const tiers = byTestid("chart-coverage-tier");
    expect(tiers.findAll('[data-testid="chart-row"]').map((row) => row.attributes("data-key"))).toEqual(["main", "auxiliary"]);
    expect(tiers.text()).toContain("主力军");
    expect(tiers.find('[data-testid="chart-median"]').text()).toBe("20 分钟");
    const units = byTestid("chart-coverage-unit");
    expect(units.text()).toContain("未填写责任单位");

    const leaders = byTestid("stats-leaderboard");
    expect(leaders.find('[data-testid="leader-fastest"]').findAll('[data-testid="leader-item"]').map((row) => row.attributes("data-key"))).toEqual([
      "区公安分局",
      "龙塔街道办事处",
    ]);
    expect(leaders.find('[data-testid="leader-most_missed"]').text()).toContain("未填写责任单位");
    expect(leaders.find('[data-testid="leader-fastest"]').text()).toContain("中位用时 10 分钟");
    wrapper.unmount();
  });

  it("reloads for another period and keeps it in the address", async () => {
    backend();
    const { wrapper, router } = await mountStats();
    await clickTestid("period-month");
    expect(callsOf("stats_year").at(-1)).toEqual({ period: THIS_MONTH });
    expect(router.currentRoute.value.query).toEqual({ from: THIS_MONTH.from, to: THIS_MONTH.to });
    expect(byTestid("stats-period").attributes("data-preset")).toBe("month");

    // a custom range shows the date picker; a period in the address is computed as is
    await clickTestid("period-custom");
    expect(byTestid("period-range").exists()).toBe(true);
    await router.replace({ query: { from: "2025-07-01", to: "2025-09-15" } });
    await loaded(undefined);
    expect(callsOf("stats_year").at(-1)).toEqual({ period: { from: "2025-07-01", to: "2025-09-15" } });
    expect(byTestid("stats-period").attributes("data-preset")).toBe("custom");
    wrapper.unmount();
  });

  it("opens the cases behind a figure in the drawer; a case opens its page", async () => {
    backend();
    const { wrapper, router } = await mountStats("/statistics?from=2026-01-01&to=2026-06-30");
    const period = { from: "2026-01-01", to: "2026-06-30" };
    await clickTestid("stats-figure-cases-value");
    expect(callsOf("stats_drill")).toEqual([{ period, drill: { kind: "cases_recorded", key: "" }, page: 1, pageSize: 20 }]);
    const drawer = byTestid("stats-drill");
    expect(drawer.exists()).toBe(true);
    expect(byTestid("drill-title").text()).toBe("登记的案件");
    expect(byTestid("drill-scope").text()).toBe("2026-01-01 至 2026-06-30");
    expect(byTestid("drill-total").text()).toBe("共 2 条");
    const rows = drillRows();
    expect(rows.map((row) => row.attributes("data-case-id"))).toEqual(["11", "12"]);
    expect(rows[0]!.text()).toContain("有人冒充民警销售通行证");
    expect(rows[0]!.text()).toContain("网民举报");

    await rows[1]!.find("td").trigger("click");
    await loaded(undefined);
    expect(router.currentRoute.value.fullPath).toBe("/cases/12");
    wrapper.unmount();
  });

  it("drills from the tables under the charts and from the bars themselves", async () => {
    backend();
    const { wrapper, router } = await mountStats();
    const netizen = byTestid("chart-by-source").findAll('[data-testid="chart-row"]')[0]!;
    await netizen.find('[data-testid="chart-count"]').trigger("click");
    await loaded(undefined);
    expect(callsOf("stats_drill").at(-1)).toEqual({ period: THIS_YEAR, drill: { kind: "cases_by_source", key: "netizen_report" }, page: 1, pageSize: 20 });
    expect(byTestid("drill-title").text()).toBe("登记的案件（来源：网民举报）");

    const main = byTestid("chart-coverage-tier").findAll('[data-testid="chart-row"]')[0]!;
    await main.find('[data-testid="chart-count-missed"]').trigger("click");
    await loaded(undefined);
    expect(callsOf("stats_drill").at(-1)!.drill).toEqual({ kind: "tier_missed", key: "main" });
    expect(byTestid("drill-title").text()).toBe("主力军未按时转载的账号");
    const targets = drillRows();
    expect(targets.map((row) => row.attributes("data-account-id"))).toEqual(["1", "2"]);
    expect(targets[0]!.text()).toContain("未发现转载");
    expect(targets[1]!.text()).toContain("待检查");

    await main.find('[data-testid="chart-count-unverified"]').trigger("click");
    await loaded(undefined);
    expect(callsOf("stats_drill").at(-1)!.drill).toEqual({ kind: "tier_unverified", key: "main" });
    expect(byTestid("drill-title").text()).toBe("主力军未能核查的账号");

    // a bar of the units' chart: the second series (已转载) of the top bar, the first unit
    const charts = wrapper.findAllComponents(StatsChart);
    const unitsChart = charts.find((chart) => chart.element.closest('[data-testid="chart-coverage-unit"]'))!;
    unitsChart.vm.$emit("pick", 1, 2);
    await loaded(undefined);
    expect(callsOf("stats_drill").at(-1)!.drill).toEqual({ kind: "unit_reposted", key: "区公安分局" });

    await drillRows()[1]!.find("td").trigger("click");
    await loaded(undefined);
    expect(router.currentRoute.value.fullPath).toBe("/pushes/9");
    wrapper.unmount();
  });

  it("lists the pushes behind a timeliness count", async () => {
    backend();
    const { wrapper } = await mountStats();
    await clickTestid("stats-figure-main_100-not_reached");
    expect(callsOf("stats_drill").at(-1)!.drill).toEqual({ kind: "main_not_reached", key: "100" });
    expect(byTestid("drill-title").text()).toBe("主力军转载未达到 100% 的推送");
    const rows = drillRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.attributes("data-push-id")).toBe("9");
    expect(rows[0]!.text()).toContain("推送 9");
    expect(rows[0]!.text()).toContain("18 / 20");
    wrapper.unmount();
  });

  it("exports the period's report where the save dialog says, and says how many rows", async () => {
    backend({ stats_export_report: () => 57 });
    vi.mocked(save).mockResolvedValue("/home/user/2026年统计.xlsx");
    const { wrapper } = await mountStats();
    await clickTestid("btn-export-report");
    expect(vi.mocked(save)).toHaveBeenCalledTimes(1);
    const options = vi.mocked(save).mock.calls[0]![0]!;
    expect(options.defaultPath).toBe(`辟谣工作统计_${THIS_YEAR.from}_${THIS_YEAR.to}.xlsx`);
    expect(options.filters!.map((filter) => filter.extensions)).toEqual([["xlsx"], ["csv"]]);
    expect(callsOf("stats_export_report")).toEqual([{ period: THIS_YEAR, path: "/home/user/2026年统计.xlsx" }]);
    expect(page().text()).toContain("已导出 57 行：/home/user/2026年统计.xlsx");
    wrapper.unmount();
  });

  it("exports nothing when the dialog is cancelled, and shows the backend's refusal", async () => {
    backend({
      stats_export_report: () => {
        throw { code: "io", message: "无法写入文件：权限不足" };
      },
    });
    vi.mocked(save).mockResolvedValueOnce(null);
    const { wrapper } = await mountStats();
    await clickTestid("btn-export-report");
    expect(callsOf("stats_export_report")).toHaveLength(0);

    vi.mocked(save).mockResolvedValueOnce("/root/统计.csv");
    await clickTestid("btn-export-report");
    expect(callsOf("stats_export_report")).toEqual([{ period: THIS_YEAR, path: "/root/统计.csv" }]);
    expect(page().find(".el-message--error").text()).toContain("无法写入文件：权限不足");
    wrapper.unmount();
  });

  it("says so when the statistics cannot be computed, and does not keep another period's figures", async () => {
    let fail = false;
    backend({
      stats_year: ({ period }) => {
        if (fail) throw { code: "invalid", message: "结束日期早于开始日期" };
        return statisticsRecord({ period: period as Period });
      },
    });
    const { wrapper } = await mountStats();
    expect(byTestid("stats-summary").exists()).toBe(true);
    fail = true;
    await clickTestid("period-last_year");
    expect(byTestid("stats-error").text()).toContain("无法完成统计：结束日期早于开始日期");
    expect(byTestid("stats-summary").exists()).toBe(false);
    wrapper.unmount();
  });
});
