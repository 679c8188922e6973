// The statistics charts as data: a chart is categories (sources, towns, tiers, units…) times
// series, and every cell is a count with the drill behind it, so that a click on a bar or a
// slice opens exactly its rows. The ECharts options are built here, without ECharts itself
// (type imports only), so that they can be tested in node.
import type { ComposeOption } from "echarts/core";
import type { BarSeriesOption, PieSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from "echarts/components";
import type { Bucket } from "../bindings/Bucket";
import type { CoverageLine } from "../bindings/CoverageLine";
import type { Drill } from "../bindings/Drill";

export type StatsChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

export interface ChartCategory {
  key: string;
  label: string;
  color?: string;
}

export interface ChartCell {
  value: number;
  drill: Drill;
}

export interface ChartSeries {
  name: string;
  color?: string;
  /** one per category, in the categories' order */
  cells: ChartCell[];
}

export interface ChartModel {
  categories: ChartCategory[];
  series: ChartSeries[];
}

/** The emergency scale's colours (as LevelTag), and "not assessed" grey. */
export const LEVEL_COLORS: Record<string, string> = {
  general: "#2f6fd6",
  major: "#d9a400",
  serious: "#e66a00",
  critical: "#c8161d",
  "": "#a8abb2",
};

export const COVERAGE_COLORS = { targeted: "#9aa5b1", reposted: "#2e9d55", missed: "#d0453b" } as const;

/** A breakdown as a one-series chart; lines of zero are left out (the table lists them). */
export function bucketChart(
  buckets: readonly Bucket[],
  options: { name: string; labelOf: (bucket: Bucket) => string; colorOf?: (key: string) => string | undefined },
): ChartModel {
  const shown = buckets.filter((bucket) => bucket.value > 0);
  return {
    categories: shown.map((bucket) => ({ key: bucket.key, label: options.labelOf(bucket), color: options.colorOf?.(bucket.key) })),
    series: [{ name: options.name, cells: shown.map((bucket) => ({ value: bucket.value, drill: bucket.drill })) }],
  };
}

/** Coverage lines (tiers, units) as three series: targeted, reposted, missed. Lines nothing was asked of are left out. */
export function coverageChart(
  lines: readonly CoverageLine[],
  options: { names: Record<keyof typeof COVERAGE_COLORS, string>; labelOf: (line: CoverageLine) => string },
): ChartModel {
  const shown = lines.filter((line) => line.targeted.value > 0);
  const fields = ["targeted", "reposted", "missed"] as const;
  return {
    categories: shown.map((line) => ({ key: line.key, label: options.labelOf(line) })),
    series: fields.map((field) => ({
      name: options.names[field],
      color: COVERAGE_COLORS[field],
      cells: shown.map((line) => ({ value: line[field].value, drill: line[field].drill })),
    })),
  };
}

export function isEmptyChart(model: ChartModel): boolean {
  return model.categories.length === 0;
}

/** How a chart draws: a pie (one series), bars, or horizontal bars (long lists of names). */
export type ChartKind = "pie" | "bar" | "hbar";

/**
 * The cell a click on the chart hit (ECharts' seriesIndex and dataIndex), or null. Horizontal
 * bars list the categories bottom-up, so their dataIndex counts from the last category.
 */
export function cellAt(
  model: ChartModel,
  kind: ChartKind,
  seriesIndex: number | undefined,
  dataIndex: number | undefined,
): ChartCell | null {
  const series = model.series[seriesIndex ?? 0];
  if (!series || dataIndex === undefined) return null;
  const index = kind === "hbar" ? model.categories.length - 1 - dataIndex : dataIndex;
  return series.cells[index] ?? null;
}

export function chartOption(model: ChartModel, kind: ChartKind): StatsChartOption {
  return kind === "pie" ? pieOption(model) : barOption(model, { horizontal: kind === "hbar" });
}

const TOOLTIP = { confine: true } as const;

/** A pie of a one-series chart. Names go into the canvas and into ECharts' own (escaped) tooltip. */
export function pieOption(model: ChartModel): StatsChartOption {
  const series = model.series[0];
  return {
    animation: false,
    tooltip: { ...TOOLTIP, trigger: "item" },
    legend: { type: "scroll", bottom: 0 },
    series: [
      {
        type: "pie",
        name: series?.name ?? "",
        radius: ["38%", "68%"],
        center: ["50%", "44%"],
        label: { formatter: "{b}：{c}" },
        data: model.categories.map((category, index) => ({
          name: category.label,
          value: series?.cells[index]?.value ?? 0,
          itemStyle: category.color ? { color: category.color } : undefined,
        })),
      },
    ],
  };
}

/**
 * Bars, one group per category. Horizontal for long lists of names (units, towns): the
 * first category on top.
 */
export function barOption(model: ChartModel, layout: { horizontal: boolean }): StatsChartOption {
  const labels = model.categories.map((category) => category.label);
  const single = model.series.length === 1;
  const categoryAxis = {
    type: "category" as const,
    data: layout.horizontal ? [...labels].reverse() : labels,
    axisLabel: { interval: 0, width: 120, overflow: "truncate" as const, hideOverlap: !layout.horizontal },
  };
  const valueAxis = { type: "value" as const, minInterval: 1 };
  const order = <T>(values: T[]) => (layout.horizontal ? [...values].reverse() : values);
  return {
    animation: false,
    tooltip: { ...TOOLTIP, trigger: "axis", axisPointer: { type: "shadow" } },
    legend: single ? undefined : { top: 0 },
    grid: { left: 12, right: 24, top: single ? 16 : 36, bottom: 8, containLabel: true },
    xAxis: layout.horizontal ? valueAxis : categoryAxis,
    yAxis: layout.horizontal ? categoryAxis : valueAxis,
    series: model.series.map(
      (series): BarSeriesOption => ({
        type: "bar",
        name: series.name,
        color: series.color,
        barMaxWidth: 28,
        label: { show: true, position: layout.horizontal ? "right" : "top" },
        data: order(
          series.cells.map((cell, index) => {
            const color = single ? model.categories[index]?.color : undefined;
            return color ? { value: cell.value, itemStyle: { color } } : cell.value;
          }),
        ),
      }),
    ),
  };
}

/** Pies and bars: `base`. Horizontal bars: a readable row per category, no more (160–1400 px). */
export function chartHeight(model: ChartModel, kind: ChartKind, base = 280): number {
  if (kind !== "hbar") return base;
  const perRow = model.series.length > 1 ? 54 : 36;
  return Math.max(160, Math.min(1400, 60 + model.categories.length * perRow));
}
