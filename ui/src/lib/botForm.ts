// The group bot form (群机器人): its model, the rules checked before saving (the backend
// checks them again), and how a bot is shown in the table.
import type { Bot } from "../bindings/Bot";
import type { BotInput } from "../bindings/BotInput";
import type { BotKind } from "../bindings/BotKind";
import type { Tier } from "../bindings/Tier";
import { TIERS } from "../labels";
import { checkHttpUrl, checkName } from "./validation";

export interface BotForm {
  name: string;
  kind: BotKind;
  webhook: string;
  secret: string;
  tiers: Tier[];
  units: string[];
  enabled: boolean;
}

export function emptyBotForm(): BotForm {
  return { name: "", kind: "wecom", webhook: "", secret: "", tiers: [], units: [], enabled: true };
}

export function botToForm(bot: Bot): BotForm {
  return {
    name: bot.name,
    kind: bot.kind,
    webhook: bot.webhook,
    secret: bot.secret ?? "",
    tiers: [...bot.tiers],
    units: [...bot.units],
    enabled: bot.enabled,
  };
}

/** DingTalk and Feishu bots may sign their messages (加签); WeCom bots have no secret. */
export function kindHasSecret(kind: BotKind): boolean {
  return kind === "dingtalk" || kind === "feishu";
}

export function botFormToInput(form: BotForm): BotInput {
  const secret = form.secret.trim();
  return {
    name: form.name.trim(),
    kind: form.kind,
    webhook: form.webhook.trim(),
    secret: kindHasSecret(form.kind) && secret !== "" ? secret : null,
    tiers: TIERS.filter((tier) => form.tiers.includes(tier)),
    units: [...new Set(form.units.map((unit) => unit.trim()).filter((unit) => unit !== ""))],
    enabled: form.enabled,
  };
}

export type BotProblem = "name_required" | "name_too_long" | "webhook_required" | "webhook_invalid";

/** What is wrong with the form, by field; empty when it can be saved. */
export function checkBotForm(form: BotForm): Partial<Record<"name" | "webhook", BotProblem>> {
  const problems: Partial<Record<"name" | "webhook", BotProblem>> = {};
  const name = checkName(form.name);
  if (name === "required") problems.name = "name_required";
  else if (name === "too_long") problems.name = "name_too_long";
  if (form.webhook.trim() === "") problems.webhook = "webhook_required";
  else if (checkHttpUrl(form.webhook)) problems.webhook = "webhook_invalid";
  return problems;
}

/**
 * A webhook for the table: the address without its key or token (they let anyone post into
 * the group), e.g. "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…".
 */
export function maskWebhook(webhook: string): string {
  let url: URL;
  try {
    url = new URL(webhook.trim());
  } catch {
    return webhook.length > 24 ? `${webhook.slice(0, 24)}…` : webhook;
  }
  const query = [...url.searchParams.keys()].map((key) => `${key}=…`).join("&");
  const segments = url.pathname.split("/");
  const lastSegment = segments.at(-1) ?? "";
  // Feishu's token is the last path segment: /open-apis/bot/v2/hook/<token>
  if (lastSegment.length >= 16) segments[segments.length - 1] = "…";
  return `${url.origin}${segments.join("/")}${query ? `?${query}` : ""}`;
}
