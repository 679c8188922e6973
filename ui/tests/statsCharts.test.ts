import { describe, expect, it } from "vitest";
import { barOption, bucketChart, cellAt, chartHeight, chartOption, coverageChart, isEmptyChart, LEVEL_COLORS, pieOption } from "../src/lib/statsCharts";
import { statisticsRecord } from "./statsFixtures";

const stats = statisticsRecord();
const NAMES = { targeted: "应转载", reposted: "已转载", missed: "未按时转载" };

describe("chart models", () => {
  it("makes a breakdown one series, leaving out the lines of zero", () => {
    const model = bucketChart(stats.by_source, { name: "案件数", labelOf: (bucket) => bucket.label });
    expect(model.categories.map((category) => category.label)).toEqual(["网民举报", "巡查发现"]);
    expect(model.series).toHaveLength(1);
    expect(model.series[0]!.cells.map((cell) => cell.value)).toEqual([20, 14]);
    expect(cellAt(model, "pie", 0, 1)!.drill).toEqual({ kind: "cases_by_source", key: "patrol" });
    expect(cellAt(model, "pie", 0, 5)).toBeNull();
    expect(cellAt(model, "pie", 0, undefined)).toBeNull();
    expect(isEmptyChart(bucketChart([], { name: "x", labelOf: () => "" }))).toBe(true);
  });

  it("makes coverage three series, each cell drilling to its own accounts", () => {
    const model = coverageChart(stats.coverage_by_tier, { names: NAMES, labelOf: (line) => line.label });
    expect(model.series.map((series) => series.name)).toEqual(["应转载", "已转载", "未按时转载"]);
    expect(model.series.map((series) => series.cells.map((cell) => cell.value))).toEqual([
      [100, 300],
      [98, 258],
      [2, 30],
    ]);
    expect(cellAt(model, "bar", 2, 1)!.drill).toEqual({ kind: "tier_missed", key: "auxiliary" });
  });

  it("maps a click on horizontal bars, drawn bottom-up, back to its category", () => {
    const model = coverageChart(stats.units, { names: NAMES, labelOf: (line) => line.label });
    expect(model.categories.map((category) => category.key)).toEqual(["区公安分局", "龙塔街道办事处", ""]);
    const option = barOption(model, { horizontal: true }) as { yAxis: { data: string[] } };
    expect(option.yAxis.data).toEqual(["（未填写）", "龙塔街道办事处", "区公安分局"]);
    // the bar on top is the first unit
    expect(cellAt(model, "hbar", 1, 2)!.drill).toEqual({ kind: "unit_reposted", key: "区公安分局" });
    expect(cellAt(model, "hbar", 0, 0)!.drill).toEqual({ kind: "unit_targeted", key: "" });
  });
});

describe("chart options", () => {
  it("draws a pie with the levels' colours and plain counts", () => {
    const model = bucketChart(stats.by_level, { name: "案件数", labelOf: (bucket) => bucket.label, colorOf: (key) => LEVEL_COLORS[key] });
    const option = pieOption(model) as { series: { type: string; data: { name: string; value: number; itemStyle?: { color: string } }[] }[] };
    expect(option.series[0]!.type).toBe("pie");
    expect(option.series[0]!.data).toEqual([
      { name: "一般", value: 20, itemStyle: { color: "#2f6fd6" } },
      { name: "较大", value: 8, itemStyle: { color: "#d9a400" } },
      { name: "重大", value: 4, itemStyle: { color: "#e66a00" } },
      { name: "特别重大", value: 2, itemStyle: { color: "#c8161d" } },
    ]);
    expect(chartOption(model, "pie")).toEqual(option);
  });

  it("draws vertical bars with a legend only for several series", () => {
    const single = bucketChart(stats.by_subject, { name: "案件数", labelOf: (bucket) => bucket.label });
    const one = barOption(single, { horizontal: false }) as { legend?: unknown; xAxis: { data: string[] }; series: { data: unknown[] }[] };
    expect(one.legend).toBeUndefined();
    expect(one.xAxis.data).toEqual(["公安", "未归属属事"]);
    expect(one.series[0]!.data).toEqual([12, 5]);
    const three = barOption(coverageChart(stats.coverage_by_tier, { names: NAMES, labelOf: (line) => line.label }), { horizontal: false });
    expect(three.legend).toEqual({ top: 0 });
  });

  it("gives long horizontal charts room for every line", () => {
    const model = coverageChart(stats.units, { names: NAMES, labelOf: (line) => line.label });
    expect(chartHeight(model, "bar")).toBe(280);
    expect(chartHeight(model, "hbar")).toBe(60 + 3 * 54);
    expect(chartHeight(bucketChart(stats.by_subject, { name: "案件数", labelOf: (bucket) => bucket.label }), "hbar")).toBe(160);
    const many = { ...model, categories: Array.from({ length: 20 }, (_, i) => ({ key: String(i), label: String(i) })) };
    expect(chartHeight(many, "hbar")).toBe(60 + 20 * 54);
  });
});
