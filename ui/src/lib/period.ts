// Statistics periods: spans of calendar days in the office's time (Asia/Shanghai, UTC+8 all
// year, no daylight saving), "YYYY-MM-DD", both ends included, as the backend's Period.
// The presets are computed on Shanghai's calendar whatever the machine's own time zone.
import type { LocationQuery, LocationQueryRaw } from "vue-router";
import type { Period } from "../bindings/Period";
import type { Locale } from "../labels";

export type PeriodPreset = "month" | "quarter" | "year" | "last_year" | "custom";

/** The presets offered, in the picker's order; a range picked by hand is "custom". */
export const PERIOD_PRESETS: readonly Exclude<PeriodPreset, "custom">[] = ["month", "quarter", "year", "last_year"];

export const DEFAULT_PRESET: Exclude<PeriodPreset, "custom"> = "year";

const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDay {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

/** The calendar day it is in Shanghai at `now`. */
export function shanghaiDay(now: Date): CalendarDay {
  const shifted = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

export function dayText(day: CalendarDay): string {
  return `${String(day.year).padStart(4, "0")}-${pad(day.month)}-${pad(day.day)}`;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function span(year: number, firstMonth: number, lastMonth: number): Period {
  return {
    from: dayText({ year, month: firstMonth, day: 1 }),
    to: dayText({ year, month: lastMonth, day: lastDayOfMonth(year, lastMonth) }),
  };
}

/** The whole calendar month, quarter or year of `now` (or the year before), Shanghai time. */
export function presetPeriod(preset: Exclude<PeriodPreset, "custom">, now: Date = new Date()): Period {
  const today = shanghaiDay(now);
  switch (preset) {
    case "month":
      return span(today.year, today.month, today.month);
    case "quarter": {
      const first = Math.floor((today.month - 1) / 3) * 3 + 1;
      return span(today.year, first, first + 2);
    }
    case "year":
      return span(today.year, 1, 12);
    case "last_year":
      return span(today.year - 1, 1, 12);
  }
}

/** The preset a period is, or "custom". */
export function presetOf(period: Period, now: Date = new Date()): PeriodPreset {
  const found = PERIOD_PRESETS.find((preset) => {
    const candidate = presetPeriod(preset, now);
    return candidate.from === period.from && candidate.to === period.to;
  });
  return found ?? "custom";
}

/** A real calendar day written "YYYY-MM-DD" (no 2026-02-30). */
export function isDayText(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= lastDayOfMonth(year, month);
}

/** Two real days, the first not after the second. */
export function isPeriod(from: unknown, to: unknown): boolean {
  return isDayText(from) && isDayText(to) && from <= to;
}

/** A period picked by hand (a date-range picker's two values), or null when it is not one. */
export function customPeriod(range: readonly (string | null | undefined)[] | null | undefined): Period | null {
  const [from, to] = range ?? [];
  return isPeriod(from, to) ? { from: from!, to: to! } : null;
}

function single(value: LocationQuery[string] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : null;
}

/** The period an address asks for (`?from=…&to=…`), else the default preset. */
export function periodFromQuery(query: LocationQuery, now: Date = new Date()): Period {
  const from = single(query.from);
  const to = single(query.to);
  return isPeriod(from, to) ? { from: from!, to: to! } : presetPeriod(DEFAULT_PRESET, now);
}

export function periodToQuery(period: Period): LocationQueryRaw {
  return { from: period.from, to: period.to };
}

/** "2026-01-01 至 2026-12-31" ("2026-01-01 – 2026-12-31"), or the one day. */
export function periodText(period: Period, locale: Locale): string {
  if (period.from === period.to) return period.from;
  return locale === "zh-CN" ? `${period.from} 至 ${period.to}` : `${period.from} – ${period.to}`;
}

/** A name for files written for a period: "2026-01-01_2026-12-31". */
export function periodFileStem(period: Period): string {
  return period.from === period.to ? period.from : `${period.from}_${period.to}`;
}
