import { describe, expect, it } from "vitest";
import {
  customPeriod,
  isDayText,
  periodFileStem,
  periodFromQuery,
  periodText,
  presetOf,
  presetPeriod,
  shanghaiDay,
} from "../src/lib/period";
import { breakdownLabel, formatDuration, leaderLines, overallRatio, summaryFigures, workFigures } from "../src/lib/statsFormat";
import { drillIgnoresPeriod, drillRows, drillTitleMessage, parseStragglersKey } from "../src/lib/drill";
import { isFreshInstall, minutesLate, stragglersLocation } from "../src/lib/dashboard";
import { createAppI18n } from "../src/i18n";
import type { DrillKind } from "../src/bindings/DrillKind";
import { coverageLine, dashboardRecord, figure, statisticsRecord, workSummary } from "./statsFixtures";
import { summary } from "./pushFixtures";

// 2026-03-31 17:30 UTC is already 1 April in Shanghai: a new month and a new quarter.
const APRIL_FIRST_EARLY = new Date("2026-03-31T17:30:00Z");

describe("periods", () => {
  it("knows the day in Shanghai whatever the machine's zone", () => {
    expect(shanghaiDay(APRIL_FIRST_EARLY)).toEqual({ year: 2026, month: 4, day: 1 });
    expect(shanghaiDay(new Date("2026-03-31T15:59:59Z"))).toEqual({ year: 2026, month: 3, day: 31 });
    // New Year's Eve in UTC is New Year's Day in Shanghai
    expect(shanghaiDay(new Date("2025-12-31T16:00:00Z"))).toEqual({ year: 2026, month: 1, day: 1 });
  });

  it("turns the presets into whole calendar spans, both ends included", () => {
    expect(presetPeriod("month", APRIL_FIRST_EARLY)).toEqual({ from: "2026-04-01", to: "2026-04-30" });
    expect(presetPeriod("quarter", APRIL_FIRST_EARLY)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(presetPeriod("year", APRIL_FIRST_EARLY)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(presetPeriod("last_year", APRIL_FIRST_EARLY)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    const february = new Date("2024-02-10T04:00:00Z");
    expect(presetPeriod("month", february)).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(presetPeriod("quarter", february)).toEqual({ from: "2024-01-01", to: "2024-03-31" });
    const december = new Date("2026-12-31T15:00:00Z");
    expect(presetPeriod("quarter", december)).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });

  it("recognises a preset, else custom", () => {
    expect(presetOf({ from: "2026-01-01", to: "2026-12-31" }, APRIL_FIRST_EARLY)).toBe("year");
    expect(presetOf({ from: "2026-04-01", to: "2026-04-30" }, APRIL_FIRST_EARLY)).toBe("month");
    expect(presetOf({ from: "2026-03-01", to: "2026-03-31" }, APRIL_FIRST_EARLY)).toBe("custom");
  });

  it("reads a period from the address, falling back to this year", () => {
    expect(periodFromQuery({ from: "2026-02-01", to: "2026-02-28" }, APRIL_FIRST_EARLY)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    const queries: Record<string, string>[] = [{}, { from: "2026-02-01" }, { from: "2026-02-30", to: "2026-03-01" }, { from: "2026-03-02", to: "2026-03-01" }];
    for (const query of queries) {
      expect(periodFromQuery(query, APRIL_FIRST_EARLY)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    }
  });

  it("accepts a custom range of two real days in order", () => {
    expect(customPeriod(["2026-05-01", "2026-05-01"])).toEqual({ from: "2026-05-01", to: "2026-05-01" });
    expect(customPeriod(["2026-05-02", "2026-05-01"])).toBeNull();
    expect(customPeriod(null)).toBeNull();
    expect(isDayText("2025-02-29")).toBe(false);
    expect(isDayText("2024-02-29")).toBe(true);
    expect(isDayText("2024-2-9")).toBe(false);
  });

  it("writes a period for people and for file names", () => {
    const year = { from: "2026-01-01", to: "2026-12-31" };
    expect(periodText(year, "zh-CN")).toBe("2026-01-01 至 2026-12-31");
    expect(periodText(year, "en")).toBe("2026-01-01 – 2026-12-31");
    expect(periodText({ from: "2026-05-01", to: "2026-05-01" }, "zh-CN")).toBe("2026-05-01");
    expect(periodFileStem(year)).toBe("2026-01-01_2026-12-31");
  });
});

describe("durations", () => {
  it("reads in minutes, hours with one decimal, then days", () => {
    expect(formatDuration(null, "zh-CN")).toBe("—");
    expect(formatDuration(0, "zh-CN")).toBe("不到 1 分钟");
    expect(formatDuration(59, "en")).toBe("< 1 min");
    expect(formatDuration(45 * 60 + 30, "zh-CN")).toBe("45 分钟");
    expect(formatDuration(3600, "zh-CN")).toBe("1 小时");
    expect(formatDuration(9000, "zh-CN")).toBe("2.5 小时");
    expect(formatDuration(9000, "en")).toBe("2.5 h");
    expect(formatDuration(71 * 3600, "zh-CN")).toBe("71 小时");
    expect(formatDuration(100 * 3600, "zh-CN")).toBe("4.2 天");
    expect(formatDuration(3 * 86_400, "en")).toBe("3 d");
  });
});

describe("breakdown labels", () => {
  it("labels codes in the chosen language, keeps names, and names the none line", () => {
    expect(breakdownLabel("source", "netizen_report", "网民举报", "en")).toBe("Netizen report");
    expect(breakdownLabel("level", "critical", "特别重大", "zh-CN")).toBe("特别重大");
    expect(breakdownLabel("tier", "main", "主力军", "en")).toBe("Main force");
    expect(breakdownLabel("unit", "区公安分局", "区公安分局", "en")).toBe("区公安分局");
    expect(breakdownLabel("unit", "", "（未填写）", "zh-CN")).toBe("未填写责任单位");
    expect(breakdownLabel("subject", "", "未归属属事", "en")).toBe("No subject");
    expect(breakdownLabel("level", "", "未研判", "zh-CN")).toBe("未研判");
    // a code this UI does not know: the backend's label
    expect(breakdownLabel("source", "hotline", "热线", "en")).toBe("热线");
  });
});

describe("figures and the leaderboard", () => {
  it("lists the work figures and the summary in a fixed order", () => {
    expect(workFigures(workSummary()).map((entry) => entry.key)).toEqual([
      "cases_recorded",
      "rebuttals_published",
      "pushes_launched",
      "reposts_confirmed",
      "reminders_sent",
    ]);
    const stats = statisticsRecord();
    expect(summaryFigures(stats).map((entry) => [entry.key, entry.figure.value])).toEqual([
      ["cases", 34],
      ["rebuttals", 21],
      ["pushes", 18],
      ["targeted", 400],
      ["reposted", 356],
      ["accounts_reached", 120],
    ]);
    expect(overallRatio(stats)).toBeCloseTo(0.89);
    expect(overallRatio({ targeted: figure(0, "targeted"), reposted: figure(0, "reposted") })).toBe(0);
  });

  it("finds the leaderboard's units by the label the backend names them by", () => {
    const units = [coverageLine("unit", "区公安分局", { median: 600 }), coverageLine("unit", "", { label: "（未填写）", median: 7200 })];
    expect(leaderLines(["（未填写）", "区公安分局", "已撤销的单位"], units).map((line) => line.key)).toEqual(["", "区公安分局"]);
  });
});

describe("drill-downs", () => {
  it("knows which rows each kind lists", () => {
    const cases: DrillKind[] = ["cases_recorded", "cases_by_level", "not_rebutted", "cases_overdue"];
    const pushes: DrillKind[] = ["pushes_launched", "reminders_sent", "main_reached", "main_not_reached"];
    const targets: DrillKind[] = ["targeted", "accounts_reached", "tier_missed", "unit_reposted", "push_stragglers"];
    expect(cases.map(drillRows)).toEqual(cases.map(() => "cases"));
    expect(pushes.map(drillRows)).toEqual(pushes.map(() => "pushes"));
    expect(targets.map(drillRows)).toEqual(targets.map(() => "targets"));
    expect(drillIgnoresPeriod("cases_overdue")).toBe(true);
    expect(drillIgnoresPeriod("cases_recorded")).toBe(false);
  });

  it("reads an overdue tier's key", () => {
    expect(parseStragglersKey("12:main")).toEqual({ pushId: 12, tier: "main" });
    expect(parseStragglersKey("12:vanguard")).toBeNull();
    expect(parseStragglersKey("main")).toBeNull();
  });

  it("titles the drawer in either language", () => {
    const zh = createAppI18n("zh-CN").global;
    const en = createAppI18n("en").global;
    const title = (i18n: typeof zh, kind: DrillKind, key: string, label = "") => {
      const message = drillTitleMessage({ kind, key }, i18n.locale.value as "zh-CN" | "en", label);
      return i18n.t(message.key, message.params);
    };
    expect(title(zh, "cases_by_source", "netizen_report", "网民举报")).toBe("登记的案件（来源：网民举报）");
    expect(title(en, "cases_by_source", "netizen_report", "网民举报")).toBe("Cases recorded (source: Netizen report)");
    expect(title(zh, "cases_by_subject", "", "未归属属事")).toBe("登记的案件（属事：未归属属事）");
    expect(title(zh, "tier_missed", "main")).toBe("主力军未按时转载的账号");
    expect(title(zh, "unit_targeted", "")).toBe("未填写责任单位的目标账号");
    expect(title(zh, "main_reached", "80")).toBe("主力军转载达到 80% 的推送");
    expect(title(zh, "push_stragglers", "12:auxiliary")).toBe("推送 12 超过截止时间仍未转载的生力军账号");
    expect(title(en, "push_stragglers", "12:auxiliary")).toBe("Push 12: Auxiliary force accounts not reposted after the deadline");
    expect(title(zh, "cases_recorded", "")).toBe("登记的案件");
  });
});

describe("dashboard", () => {
  it("is a fresh install only with an empty ledger and nothing going on", () => {
    const idle = dashboardRecord();
    expect(isFreshInstall(idle, 0)).toBe(true);
    expect(isFreshInstall(idle, 12)).toBe(false);
    expect(isFreshInstall(dashboardRecord({ active_pushes: [summary()] }), 0)).toBe(false);
    expect(isFreshInstall(dashboardRecord({ week: workSummary({ cases_recorded: 1 }) }), 0)).toBe(false);
  });

  it("sends an overdue tier to its board, filtered to the tier's stragglers", () => {
    expect(stragglersLocation({ push_id: 7, tier: "main" })).toEqual({
      name: "push",
      params: { id: "7" },
      query: { tier: "main", stragglers: "1" },
    });
  });

  it("counts how late a deadline is", () => {
    const now = new Date("2026-03-01T08:00:00Z");
    expect(minutesLate("2026-03-01T05:30:00Z", now)).toBe(150);
    expect(minutesLate("2026-03-01T09:00:00Z", now)).toBe(0);
    expect(minutesLate(null, now)).toBe(0);
  });
});
