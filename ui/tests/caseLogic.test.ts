import { describe, expect, it } from "vitest";
import { buildCaseFilter, emptyCaseFilterState, isCaseFilterActive } from "../src/lib/caseFilter";
import { DEFAULT_CASE_SORT, caseSortOf } from "../src/lib/caseSort";
import {
  DUE_SOON_MINUTES,
  dueInfo,
  durationText,
  formatDate,
  formatDateTime,
  parseTime,
  toPickerValue,
} from "../src/lib/dates";


describe("case filter", () => {
  it("sends nulls when nothing is chosen", () => {
    const filter = buildCaseFilter(emptyCaseFilterState());
    expect(filter).toEqual({
      query: null,
      status: null,
      level: null,
      unit: null,
      subject: null,
      territory: null,
      from: null,
      to: null,
    });
    expect(isCaseFilterActive(filter)).toBe(false);
  });

  it("trims the text and keeps what is chosen, the date range as from / to", () => {
    const filter = buildCaseFilter({
      query: "  枪击 ",
      status: "verifying",
      level: "serious",
      unit: "区公安分局",
      subject: " 公安 ",
      territory: "龙塔街道",
      dates: ["2025-03-01", "2025-03-31"],
    });
    expect(filter).toEqual({
      query: "枪击",
      status: "verifying",
      level: "serious",
      unit: "区公安分局",
      subject: "公安",
      territory: "龙塔街道",
      from: "2025-03-01",
      to: "2025-03-31",
    });
    expect(isCaseFilterActive(filter)).toBe(true);
  });

  it("searches from the first character, and treats a blank query and cleared selects as no filter", () => {
    const one = buildCaseFilter({ ...emptyCaseFilterState(), query: " 枪 ", status: undefined, level: null, unit: undefined, dates: null });
    expect(one.query).toBe("枪");
    expect(isCaseFilterActive(one)).toBe(true);
    const blank = buildCaseFilter({ ...emptyCaseFilterState(), query: "   ", status: undefined, level: null, unit: undefined, dates: null });
    expect(blank.query).toBeNull();
    expect(isCaseFilterActive(blank)).toBe(false);
  });
});

// vite.config.ts runs the tests on Beijing time (TZ=Asia/Shanghai)
describe("dates", () => {
  it("shows backend times as YYYY-MM-DD HH:mm in local time", () => {
    expect(formatDateTime("2025-03-01T01:05:09Z")).toBe("2025-03-01 09:05");
    expect(formatDateTime("2025-03-01T23:30:00+08:00")).toBe("2025-03-01 23:30");
    expect(formatDateTime("2025-03-01T20:00:00.123Z")).toBe("2025-03-02 04:00");
    // local times the user typed stay as they are
    expect(formatDateTime("2025-03-01 08:30")).toBe("2025-03-01 08:30");
    expect(formatDateTime("2025-03-01 08:30:59")).toBe("2025-03-01 08:30");
    expect(formatDate("2025-03-01T20:00:00Z")).toBe("2025-03-02");
  });

  it("shows nothing for no time, and unreadable text as it is", () => {
    expect(formatDateTime(null)).toBe("");
    expect(formatDateTime(undefined)).toBe("");
    expect(formatDateTime("  ")).toBe("");
    expect(formatDateTime("昨天下午")).toBe("昨天下午");
    expect(formatDateTime("2025-13-45 99:99")).toBe("2025-13-45 99:99");
    expect(parseTime("2025-02-30 08:00")).toBeNull();
    expect(parseTime("not a date")).toBeNull();
    expect(parseTime("2025-03-01T25:00:00Z")).toBeNull();
  });

  it("turns a page's or the backend's time into the date picker's value", () => {
    expect(toPickerValue("2025-03-01T02:00:00Z")).toBe("2025-03-01 10:00");
    expect(toPickerValue("2025-03-01")).toBe("2025-03-01 00:00");
    expect(toPickerValue("2025-03-01 10:00")).toBe("2025-03-01 10:00");
    expect(toPickerValue("3月1日")).toBe("");
    expect(toPickerValue(null)).toBe("");
  });

  it("tells lengths of time as a person says them", () => {
    expect(durationText(0, "zh-CN")).toBe("0 分钟");
    expect(durationText(45, "zh-CN")).toBe("45 分钟");
    expect(durationText(200, "zh-CN")).toBe("3 小时 20 分钟");
    expect(durationText(60, "zh-CN")).toBe("1 小时");
    expect(durationText(1440 * 2 + 180 + 5, "zh-CN")).toBe("2 天 3 小时");
    expect(durationText(200, "en")).toBe("3 h 20 min");
    expect(durationText(1440, "en")).toBe("1 d");
  });
});

describe("overdue display", () => {
  const now = new Date("2025-03-01T10:00:00Z");

  it("takes overdue from the backend and tells how late", () => {
    expect(dueInfo("2025-03-01T07:30:00Z", true, now)).toEqual({ state: "overdue", minutes: 150 });
    // the backend's word counts even when the clocks disagree
    expect(dueInfo("2025-03-01T11:00:00Z", true, now)).toEqual({ state: "overdue", minutes: 0 });
    expect(dueInfo(null, true, now)).toEqual({ state: "overdue", minutes: 0 });
  });

  it("tells how much time is left, and warns when it is short", () => {
    expect(dueInfo("2025-03-01T16:00:00Z", false, now)).toEqual({ state: "ok", minutes: 360 });
    expect(dueInfo("2025-03-01T11:00:00Z", false, now)).toEqual({ state: "soon", minutes: 60 });
    expect(DUE_SOON_MINUTES).toBe(120);
    // past due but not (yet) overdue for the backend: no alarm of our own
    expect(dueInfo("2025-03-01T09:00:00Z", false, now)).toEqual({ state: "soon", minutes: 0 });
    expect(dueInfo(null, false, now)).toEqual({ state: "none", minutes: 0 });
  });
});

describe("case list order", () => {
  it("maps the table's sortable column to the order the database sorts by", () => {
    expect(DEFAULT_CASE_SORT).toEqual({ key: "created_at", descending: true });
    expect(caseSortOf({ prop: "level", order: "ascending" })).toEqual({ key: "level", descending: false });
    expect(caseSortOf({ prop: "rebuttal_due_at", order: "descending" })).toEqual({ key: "rebuttal_due_at", descending: true });
    expect(caseSortOf({ prop: "first_seen_at", order: null })).toEqual(DEFAULT_CASE_SORT);
    expect(caseSortOf({ prop: "title", order: "ascending" })).toEqual(DEFAULT_CASE_SORT);
  });
});
