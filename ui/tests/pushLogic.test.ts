import { describe, expect, it } from "vitest";
import { isPast, toUtcRfc3339 } from "../src/lib/dates";
import {
  buildLaunch,
  checkLaunch,
  deadlinesKey,
  draftDeadlineValues,
  launchDeadlines,
  noticeFollowsTemplate,
  targetedTiers,
  withExcluded,
} from "../src/lib/pushLaunch";
import {
  UNFILLED,
  emptyTargetsFilter,
  isTargetsFilterActive,
  targetsFilterFromQuery,
  targetQueryOf,
  targetsFilterToQuery,
} from "../src/lib/targetsFilter";
import { percent, ratioState, sortPushes, tierDeadline, tierOverdue, verdictBreakdown } from "../src/lib/coverage";
import { buildCurveSeries, curveHasReposts } from "../src/lib/repostCurve";
import { cooldownTime } from "../src/lib/remind";
import { monitor, push, summary, tierCoverage } from "./pushFixtures";
import { tierCountsOf } from "../src/lib/tierCounts";

// the tests run on Beijing time (vite.config.ts): UTC+8

describe("push dates", () => {
  it("sends a local picker value as RFC 3339 UTC", () => {
    expect(toUtcRfc3339("2025-03-01 14:30")).toBe("2025-03-01T06:30:00Z");
    expect(toUtcRfc3339("2025-03-01T06:30:00.000Z")).toBe("2025-03-01T06:30:00Z");
    expect(toUtcRfc3339("")).toBeNull();
    expect(toUtcRfc3339("2025-02-30 10:00")).toBeNull();
  });

  it("tells whether a time has passed", () => {
    const now = new Date("2025-03-01T06:00:00Z");
    expect(isPast("2025-03-01T05:59:00Z", now)).toBe(true);
    expect(isPast("2025-03-01T06:01:00Z", now)).toBe(false);
    expect(isPast(null, now)).toBe(false);
  });
});

describe("launch form", () => {
  it("asks the backend to leave the unticked accounts out, and targets the tiers it counts", () => {
    const filter = { tiers: ["main" as const], units: ["区公安分局"], territories: [], platforms: [], exclude: [9] };
    expect(withExcluded(filter, new Set([42, 3]))).toEqual({ ...filter, exclude: [3, 42] });
    const counts = tierCountsOf([{ tier: "main", count: 2 }]);
    expect(counts).toEqual({ main: 2, auxiliary: 0, allied: 0 });
    expect(targetedTiers(counts)).toEqual(["main"]);
    expect(targetedTiers(tierCountsOf([{ tier: "auxiliary", count: 1 }, { tier: "main", count: 2 }]))).toEqual(["main", "auxiliary"]);
  });

  it("prefills every tier's deadline from the draft, the allied force following the auxiliary", () => {
    const values = draftDeadlineValues([
      { tier: "main", due_at: "2025-03-01T06:00:00Z" },
      { tier: "auxiliary", due_at: "2025-03-01T10:00:00Z" },
    ]);
    expect(values).toEqual({ main: "2025-03-01 14:00", auxiliary: "2025-03-01 18:00", allied: "2025-03-01 18:00" });
    // a draft with the allied deadline only: the others take the latest
    expect(draftDeadlineValues([{ tier: "allied", due_at: "2025-03-01T10:00:00Z" }])).toEqual({
      main: "2025-03-01 18:00",
      auxiliary: "2025-03-01 18:00",
      allied: "2025-03-01 18:00",
    });
    expect(draftDeadlineValues([])).toEqual({ main: "", auxiliary: "", allied: "" });
  });

  it("sends the targeted tiers' deadlines in UTC, and keys them for re-rendering", () => {
    const values = { main: "2025-03-01 14:00", auxiliary: "2025-03-01 18:00", allied: "" };
    const deadlines = launchDeadlines(["main", "auxiliary", "allied"], values);
    expect(deadlines).toEqual([
      { tier: "main", due_at: "2025-03-01T06:00:00Z" },
      { tier: "auxiliary", due_at: "2025-03-01T10:00:00Z" },
    ]);
    expect(deadlinesKey(deadlines)).toBe("main=2025-03-01T06:00:00Z;auxiliary=2025-03-01T10:00:00Z");
    expect(deadlinesKey(launchDeadlines(["main"], values))).not.toBe(deadlinesKey(deadlines));
  });

  it("re-renders the notice only while it is the template's text", () => {
    expect(noticeFollowsTemplate("请转发《辟谣》", "请转发《辟谣》")).toBe(true);
    expect(noticeFollowsTemplate("请转发《辟谣》\n", "请转发《辟谣》")).toBe(true);
    expect(noticeFollowsTemplate("请于今晚前转发《辟谣》", "请转发《辟谣》")).toBe(false);
    expect(noticeFollowsTemplate("  ", "请转发《辟谣》")).toBe(true);
  });

  it("refuses a launch without targets, with a missing or past deadline, or without a notice", () => {
    const now = new Date("2025-03-01T05:00:00Z"); // 13:00 in Beijing
    expect(checkLaunch([], {}, "", now)).toEqual([{ kind: "no_targets" }, { kind: "notice_empty" }]);
    expect(
      checkLaunch(["main", "auxiliary", "allied"], { main: "2025-03-01 12:00", auxiliary: "2025-03-01 18:00" }, "请转发", now),
    ).toEqual([
      { kind: "deadline_past", tier: "main" },
      { kind: "deadline_missing", tier: "allied" },
    ]);
    expect(checkLaunch(["main"], { main: "2025-03-01 18:00" }, "请转发", now)).toEqual([]);
  });

  it("builds the launch: filter with the unticked rows, deadlines, trimmed notice, bots", () => {
    const launch = buildLaunch({
      caseId: 5,
      filter: { tiers: [], units: [], territories: [], platforms: ["weibo"], exclude: [] },
      excluded: new Set([3]),
      tiers: ["main"],
      values: { main: "2025-03-01 18:00" },
      notice: " 请转发 \n",
      botIds: [2, 4],
    });
    expect(launch).toEqual({
      case_id: 5,
      filter: { tiers: [], units: [], territories: [], platforms: ["weibo"], exclude: [3] },
      deadlines: [{ tier: "main", due_at: "2025-03-01T10:00:00Z" }],
      notice: "请转发",
      bot_ids: [2, 4],
    });
  });
});

describe("targets filter", () => {
  it("asks the backend for tier, verdict (pending = not checked yet), unit, territory, stragglers and unverified", () => {
    const none = emptyTargetsFilter();
    expect(isTargetsFilterActive(none)).toBe(false);
    expect(targetQueryOf(none)).toEqual({
      tier: null,
      verdict: null,
      pending: false,
      unit: null,
      territory: null,
      stragglers: false,
      unverified: false,
    });
    expect(targetQueryOf({ ...none, verdict: "pending" })).toMatchObject({ verdict: null, pending: true });
    expect(targetQueryOf({ ...none, verdict: "rumor_reposted" })).toMatchObject({ verdict: "rumor_reposted", pending: false });
    expect(targetQueryOf({ ...none, tier: "main", unit: UNFILLED, stragglers: true })).toMatchObject({
      tier: "main",
      unit: UNFILLED,
      stragglers: true,
    });
    expect(isTargetsFilterActive({ ...none, stragglers: true })).toBe(true);
    expect(isTargetsFilterActive({ ...none, unverified: true })).toBe(true);
  });

  it("round-trips through the address and ignores what it cannot read", () => {
    const filter = { tier: "auxiliary" as const, verdict: "pending" as const, unit: UNFILLED, territory: null, stragglers: true, unverified: true };
    const query = targetsFilterToQuery(filter);
    expect(query).toEqual({ tier: "auxiliary", verdict: "pending", unit: UNFILLED, stragglers: "1", unverified: "1" });
    expect(targetsFilterFromQuery(query as Record<string, string>)).toEqual(filter);
    expect(targetsFilterToQuery(emptyTargetsFilter())).toEqual({});
    expect(targetsFilterFromQuery({ tier: "fourth", verdict: ["reposted", "x"], stragglers: "yes", unit: "" })).toEqual({
      tier: null,
      verdict: "reposted",
      unit: null,
      territory: null,
      stragglers: false,
      unverified: false,
    });
  });
});

describe("coverage figures", () => {
  it("never shows 100 % while an account is missing", () => {
    expect(percent(199 / 200)).toBe(99);
    expect(percent(1)).toBe(100);
    expect(percent(0.5)).toBe(50);
    expect(percent(0.289999)).toBe(28);
    expect(percent(0.29)).toBe(29);
    expect(percent(0)).toBe(0);
    expect(percent(Number.NaN)).toBe(0);
    expect([ratioState(1), ratioState(0.5), ratioState(0.49)]).toEqual(["done", "good", "low"]);
  });

  it("marks a tier overdue once its deadline passed with stragglers", () => {
    const now = new Date("2025-03-01T06:00:00Z");
    const p = push();
    expect(tierDeadline(p, "main")).toBe("2025-03-01T05:00:00Z");
    expect(tierDeadline(p, "allied")).toBeNull();
    const behind = tierCoverage("main", { targeted: 4, reposted: 3 });
    expect(behind.stragglers).toBe(1);
    expect(tierOverdue("2025-03-01T05:00:00Z", behind, now)).toBe(true);
    expect(tierOverdue("2025-03-01T08:00:00Z", behind, now)).toBe(false);
    expect(tierOverdue("2025-03-01T05:00:00Z", tierCoverage("main", { targeted: 4, reposted: 4 }), now)).toBe(false);
    expect(tierOverdue(null, behind, now)).toBe(false);
  });

  it("breaks a tier down by verdict, the rumor first, zeros left out", () => {
    const coverage = tierCoverage("main", { targeted: 10, reposted: 2, rumor_reposted: 1, not_found: 3, pending: 2, unchecked: 1, unreadable: 1 });
    expect(verdictBreakdown(coverage)).toEqual([
      { verdict: "rumor_reposted", count: 1 },
      { verdict: "not_found", count: 3 },
      { verdict: "unchecked", count: 1 },
      { verdict: "unreadable", count: 1 },
      { verdict: "pending", count: 2 },
    ]);
  });

  it("lists monitored pushes first, newest first", () => {
    const list = [
      summary({ push: push({ id: 1, created_at: "2025-03-03T00:00:00Z" }), monitor: monitor({ active: false }) }),
      summary({ push: push({ id: 2, created_at: "2025-03-01T00:00:00Z" }) }),
      summary({ push: push({ id: 3, created_at: "2025-03-02T00:00:00Z" }) }),
    ];
    expect(sortPushes(list).map((entry) => entry.push.id)).toEqual([3, 2, 1]);
  });
});

describe("repost curve", () => {
  const ms = (text: string) => new Date(text).getTime();

  it("draws one cumulative step series per tier from the launch to the end", () => {
    const series = buildCurveSeries({
      points: [
        { at: "2025-03-01T04:20:00Z", tier: "main", reposted: 2 },
        { at: "2025-03-01T04:10:00Z", tier: "main", reposted: 1 },
        { at: "2025-03-01T04:20:00Z", tier: "main", reposted: 1 },
        { at: "2025-03-01T04:30:00Z", tier: "allied", reposted: 1 },
      ],
      tiers: ["main", "auxiliary"],
      deadlines: [{ tier: "main", due_at: "2025-03-01T05:00:00Z" }],
      start: "2025-03-01T04:00:00Z",
      end: "2025-03-01T06:00:00Z",
    });
    expect(series.map((entry) => entry.tier)).toEqual(["main", "auxiliary", "allied"]);
    expect(series[0]).toEqual({
      tier: "main",
      data: [
        [ms("2025-03-01T04:00:00Z"), 0],
        [ms("2025-03-01T04:10:00Z"), 1],
        [ms("2025-03-01T04:20:00Z"), 2],
        [ms("2025-03-01T06:00:00Z"), 2],
      ],
      deadline: ms("2025-03-01T05:00:00Z"),
    });
    // a tier with no repost yet lies flat at 0
    expect(series[1]!.data).toEqual([
      [ms("2025-03-01T04:00:00Z"), 0],
      [ms("2025-03-01T06:00:00Z"), 0],
    ]);
    expect(series[2]!.deadline).toBeNull();
    expect(curveHasReposts(series)).toBe(true);
    expect(curveHasReposts([series[1]!])).toBe(false);
  });

  it("never lets the count go down", () => {
    const [main] = buildCurveSeries({
      points: [
        { at: "2025-03-01T04:10:00Z", tier: "main", reposted: 3 },
        { at: "2025-03-01T04:20:00Z", tier: "main", reposted: 2 },
      ],
      tiers: ["main"],
      start: null,
      end: null,
    });
    expect(main!.data.map(([, count]) => count)).toEqual([3, 3]);
  });
});

describe("reminder cooldown", () => {
  it("adds the next allowed time unless the backend's message already says it", () => {
    expect(cooldownTime("催办过于频繁", "2025-03-01T05:30:00Z")).toBe("2025-03-01 13:30");
    expect(cooldownTime("催办过于频繁：30 分钟内只能催办一次，13:30 后可再次催办", "2025-03-01T05:30:00Z")).toBeNull();
    expect(cooldownTime("催办过于频繁", null)).toBeNull();
  });
});
