// Times as the office reads them: "YYYY-MM-DD HH:mm", local time. The backend sends RFC 3339
// (UTC) for what it stamps, and keeps "YYYY-MM-DD HH:MM" local times as the user typed them.
import type { Locale } from "../labels";

const NAIVE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * The instant a backend time stands for, or null when it is empty or unreadable. A time
 * without a zone ("2025-03-01 08:30", "2025-03-01") is local time.
 */
export function parseTime(value: string | null | undefined): Date | null {
  const text = (value ?? "").trim();
  if (text === "") return null;
  const naive = NAIVE.exec(text);
  if (naive) {
    const [year, month, day, hour, minute, second] = naive.slice(1).map((part) => Number(part ?? 0)) as number[];
    const date = new Date(year!, month! - 1, day!, hour!, minute!, second!);
    // no rolling over: 2025-02-30 or 25:00 are not times
    const exact =
      date.getFullYear() === year &&
      date.getMonth() === month! - 1 &&
      date.getDate() === day &&
      date.getHours() === hour &&
      date.getMinutes() === minute;
    return exact ? date : null;
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Milliseconds since the epoch, or null: for sorting. */
export function timeValue(value: string | null | undefined): number | null {
  return parseTime(value)?.getTime() ?? null;
}

export function formatDateTimeOf(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** "YYYY-MM-DD HH:mm" in local time; "" when empty; the text itself when unreadable. */
export function formatDateTime(value: string | null | undefined): string {
  const text = (value ?? "").trim();
  if (text === "") return "";
  const date = parseTime(text);
  return date ? formatDateTimeOf(date) : text;
}

/** "YYYY-MM-DD" in local time; "" when empty; the text itself when unreadable. */
export function formatDate(value: string | null | undefined): string {
  const text = (value ?? "").trim();
  if (text === "") return "";
  const date = parseTime(text);
  return date ? formatDateTimeOf(date).slice(0, 10) : text;
}

/**
 * The value of a "YYYY-MM-DD HH:mm" date picker for a time from the backend or a fetched
 * page; "" when there is none or it cannot be read.
 */
export function toPickerValue(value: string | null | undefined): string {
  const date = parseTime(value);
  return date ? formatDateTimeOf(date) : "";
}

// ---- deadlines ----------------------------------------------------------------------------

/** Less than this many minutes left: the deadline is near. */
export const DUE_SOON_MINUTES = 120;

export type DueState = "none" | "ok" | "soon" | "overdue";

export interface DueInfo {
  state: DueState;
  /** Minutes left (ok, soon) or past the deadline (overdue); 0 when there is no deadline. */
  minutes: number;
}

/**
 * How a case stands against its rebuttal deadline. Whether it is overdue is the backend's
 * word (`overdue`); the clock only tells how long is left or how late it is.
 */
export function dueInfo(dueAt: string | null | undefined, overdue: boolean, now: Date = new Date()): DueInfo {
  const due = parseTime(dueAt);
  if (overdue) {
    const late = due ? Math.max(0, Math.floor((now.getTime() - due.getTime()) / 60000)) : 0;
    return { state: "overdue", minutes: late };
  }
  if (!due) return { state: "none", minutes: 0 };
  const left = Math.max(0, Math.floor((due.getTime() - now.getTime()) / 60000));
  return { state: left < DUE_SOON_MINUTES ? "soon" : "ok", minutes: left };
}

/** A length of time in days, hours and minutes, the two largest parts: "1 天 3 小时", "2 h 5 min". */
export function durationText(minutes: number, locale: Locale): string {
  const total = Math.max(0, Math.floor(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  const zh = locale === "zh-CN";
  const parts: string[] = [];
  if (days > 0) parts.push(zh ? `${days} 天` : `${days} d`);
  if (hours > 0) parts.push(zh ? `${hours} 小时` : `${hours} h`);
  if (days === 0 && (mins > 0 || parts.length === 0)) parts.push(zh ? `${mins} 分钟` : `${mins} min`);
  return parts.slice(0, 2).join(" ");
}

// ---- pushes: deadlines picked in local time, sent as RFC 3339 UTC ---------------------------

/**
 * The RFC 3339 UTC form ("2025-03-01T06:30:00Z") of a local "YYYY-MM-DD HH:mm" picker value
 * (or of any time parseTime reads); null when empty or unreadable.
 */
export function toUtcRfc3339(value: string | null | undefined): string | null {
  const date = parseTime(value);
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

/** Whether a backend time lies before `now`; false when there is none. */
export function isPast(value: string | null | undefined, now: Date = new Date()): boolean {
  const date = parseTime(value);
  return date !== null && date.getTime() < now.getTime();
}
