// @vitest-environment happy-dom
import { describe, expect, it } from "vitest";
import { defineComponent, h } from "vue";
import { mount } from "@vue/test-utils";
import RepostCurve from "../src/components/pushes/RepostCurve.vue";
import { globalPlugins } from "./helpers";

// The chart itself draws on a canvas, which happy-dom lacks: the test reads the option given
// to it.
const ChartStub = defineComponent({
  name: "Echarts",
  props: { option: { type: Object, required: true } },
  setup: () => () => h("div", { class: "chart-stub" }),
});

function mountCurve(points: { at: string; tier: "main" | "auxiliary" | "allied"; reposted: number }[]) {
  return mount(RepostCurve, {
    props: {
      points,
      tiers: ["main", "auxiliary"],
      deadlines: [{ tier: "main", due_at: "2025-03-01T05:00:00Z" }],
      start: "2025-03-01T04:00:00Z",
      end: "2025-03-01T06:00:00Z",
    },
    global: { ...globalPlugins(), stubs: { Echarts: ChartStub } },
  });
}

describe("RepostCurve", () => {
  it("draws one step line per tier, with the tier's deadline marked", () => {
    const wrapper = mountCurve([{ at: "2025-03-01T04:10:00Z", tier: "main", reposted: 1 }]);
    expect(wrapper.find('[data-testid="repost-curve"]').attributes("data-series")).toBe("2");
    const option = wrapper.findComponent(ChartStub).props("option") as {
      series: { name: string; step: string; data: [number, number][]; markLine?: { data: { xAxis: number }[] } }[];
    };
    expect(option.series.map((s) => s.name)).toEqual(["主力军", "生力军"]);
    expect(option.series.every((s) => s.step === "end")).toBe(true);
    expect(option.series[0]!.data.map(([, count]) => count)).toEqual([0, 1, 1]);
    expect(option.series[0]!.markLine?.data).toEqual([{ xAxis: new Date("2025-03-01T05:00:00Z").getTime() }]);
    expect(option.series[1]!.markLine).toBeUndefined();
    wrapper.unmount();
  });

  it("says so when nothing has been reposted yet", () => {
    const wrapper = mountCurve([]);
    expect(wrapper.find('[data-testid="curve-empty"]').text()).toBe("尚未发现转载。");
    expect(wrapper.findComponent(ChartStub).exists()).toBe(false);
    wrapper.unmount();
  });
});
