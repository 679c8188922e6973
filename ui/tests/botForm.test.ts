import { describe, expect, it } from "vitest";
import { botFormToInput, botToForm, checkBotForm, emptyBotForm, kindHasSecret, maskWebhook } from "../src/lib/botForm";
import { checkPushSettings, unknownPlaceholders, PLACEHOLDERS } from "../src/lib/pushSettingsForm";
import { bot } from "./pushFixtures";

describe("bot form", () => {
  it("requires a name and an http(s) webhook", () => {
    expect(checkBotForm(emptyBotForm())).toEqual({ name: "name_required", webhook: "webhook_required" });
    expect(checkBotForm({ ...emptyBotForm(), name: "  ", webhook: "ftp://x" })).toEqual({
      name: "name_required",
      webhook: "webhook_invalid",
    });
    expect(checkBotForm({ ...emptyBotForm(), name: "工作群", webhook: "https://oapi.dingtalk.com/robot/send?access_token=a b" })).toEqual({
      webhook: "webhook_invalid",
    });
    expect(checkBotForm({ ...emptyBotForm(), name: "群".repeat(101), webhook: "https://x.cn/h" })).toEqual({ name: "name_too_long" });
    expect(checkBotForm({ ...emptyBotForm(), name: "工作群", webhook: " https://x.cn/hook " })).toEqual({});
  });

  it("keeps a signing secret for DingTalk and Feishu only, tiers in order, units once", () => {
    expect(kindHasSecret("wecom")).toBe(false);
    expect(kindHasSecret("dingtalk")).toBe(true);
    const form = {
      name: " 生力军群 ",
      kind: "dingtalk" as const,
      webhook: " https://oapi.dingtalk.com/robot/send?access_token=abc ",
      secret: " SEC123 ",
      tiers: ["allied" as const, "main" as const],
      units: ["龙塔街道办事处", " 龙塔街道办事处 ", ""],
      enabled: false,
    };
    expect(botFormToInput(form)).toEqual({
      name: "生力军群",
      kind: "dingtalk",
      webhook: "https://oapi.dingtalk.com/robot/send?access_token=abc",
      secret: "SEC123",
      tiers: ["main", "allied"],
      units: ["龙塔街道办事处"],
      enabled: false,
    });
    expect(botFormToInput({ ...form, kind: "wecom" }).secret).toBeNull();
    expect(botFormToInput({ ...form, secret: "" }).secret).toBeNull();
  });

  it("edits a bot as it is", () => {
    const saved = bot({ id: 2, name: "飞书群", kind: "feishu", secret: "s3", tiers: ["allied"], units: ["区融媒体中心"], enabled: false });
    expect(botToForm(saved)).toEqual({
      name: "飞书群",
      kind: "feishu",
      webhook: saved.webhook,
      secret: "s3",
      tiers: ["allied"],
      units: ["区融媒体中心"],
      enabled: false,
    });
  });

  it("hides the key or token of a webhook in the table", () => {
    expect(maskWebhook("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789")).toBe(
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
    );
    expect(maskWebhook("https://open.feishu.cn/open-apis/bot/v2/hook/0123456789abcdef0123")).toBe(
      "https://open.feishu.cn/open-apis/bot/v2/hook/…",
    );
    expect(maskWebhook("not a url at all, but long enough")).toBe("not a url at all, but lo…");
  });
});

describe("push settings form", () => {
  const settings = {
    interval_minutes: 10,
    grace_hours: 24,
    reminder_cooldown_minutes: 30,
    auto_remind: true,
    notice_template: "请转发{标题}",
    reminder_template: "尚有{未转载数}个账号未转载",
  };

  it("checks the ranges and that both templates are written", () => {
    expect(checkPushSettings(settings)).toEqual([]);
    expect(checkPushSettings({ ...settings, grace_hours: 0 })).toEqual([]);
    expect(
      checkPushSettings({ ...settings, interval_minutes: 0, grace_hours: 169, reminder_cooldown_minutes: 1.5, reminder_template: " " }),
    ).toEqual([
      { field: "interval_minutes", kind: "range", min: 1, max: 1440 },
      { field: "grace_hours", kind: "range", min: 0, max: 168 },
      { field: "reminder_cooldown_minutes", kind: "range", min: 1, max: 1440 },
      { field: "reminder_template", kind: "empty" },
    ]);
  });

  it("lists each template's placeholders and finds unknown ones", () => {
    expect(PLACEHOLDERS.notice_template.map((entry) => entry.token)).toEqual(["{案件}", "{标题}", "{链接}", "{要求}", "{截止时间}"]);
    expect(unknownPlaceholders("{标题}{日期}{标题}{未转载数}", "notice_template")).toEqual(["{日期}", "{未转载数}"]);
    expect(unknownPlaceholders("{未转载名单}", "reminder_template")).toEqual([]);
  });
});
