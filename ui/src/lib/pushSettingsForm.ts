// The push settings form (推送设置): the ranges of its numbers, and the placeholders each
// template may use (shown as a list beside the template).
import type { PushSettings } from "../bindings/PushSettings";

export type NumberField = "interval_minutes" | "grace_hours" | "reminder_cooldown_minutes";

export const SETTING_LIMITS: Record<NumberField, { min: number; max: number }> = {
  interval_minutes: { min: 1, max: 1440 },
  grace_hours: { min: 0, max: 168 },
  reminder_cooldown_minutes: { min: 1, max: 1440 },
};

export const NUMBER_FIELDS: readonly NumberField[] = ["interval_minutes", "grace_hours", "reminder_cooldown_minutes"];

export type TemplateField = "notice_template" | "reminder_template";

/** The placeholders of each template, with the i18n key (under pushSettings.placeholders) that says what each is. */
export const PLACEHOLDERS: Record<TemplateField, readonly { token: string; key: string }[]> = {
  notice_template: [
    { token: "{案件}", key: "case" },
    { token: "{标题}", key: "title" },
    { token: "{链接}", key: "link" },
    { token: "{要求}", key: "requirement" },
    { token: "{截止时间}", key: "deadline" },
  ],
  reminder_template: [
    { token: "{标题}", key: "title" },
    { token: "{链接}", key: "link" },
    { token: "{截止时间}", key: "deadline" },
    { token: "{未转载名单}", key: "stragglerList" },
    { token: "{未转载数}", key: "stragglerCount" },
  ],
};

export type SettingsProblem =
  | { field: NumberField; kind: "range"; min: number; max: number }
  | { field: TemplateField; kind: "empty" };

export function checkPushSettings(settings: PushSettings): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  for (const field of NUMBER_FIELDS) {
    const { min, max } = SETTING_LIMITS[field];
    const value = settings[field];
    if (!Number.isInteger(value) || value < min || value > max) problems.push({ field, kind: "range", min, max });
  }
  for (const field of ["notice_template", "reminder_template"] as const) {
    if (settings[field].trim() === "") problems.push({ field, kind: "empty" });
  }
  return problems;
}

/**
 * Placeholder-like words in a template that the backend does not know ("{标 题}", "{日期}"):
 * they would be sent as written.
 */
export function unknownPlaceholders(template: string, field: TemplateField): string[] {
  const known = new Set(PLACEHOLDERS[field].map((entry) => entry.token));
  const found = template.match(/\{[^{}\s]{1,12}\}/g) ?? [];
  return [...new Set(found.filter((token) => !known.has(token)))];
}
