// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import PushSettingsPage from "../src/pages/PushSettingsPage.vue";
import type { Bot } from "../src/bindings/Bot";
import type { BotInput } from "../src/bindings/BotInput";
import type { PushSettings } from "../src/bindings/PushSettings";
import { appGlobal, byTestid, callsOf, clickTestid, loaded, mockBackend, page, sleep, testRouter, type Handler } from "./helpers";
import { bot, delivery } from "./pushFixtures";

const SETTINGS: PushSettings = {
  interval_minutes: 10,
  grace_hours: 24,
  reminder_cooldown_minutes: 30,
  auto_remind: true,
  notice_template: "请转发《{标题}》：{链接}",
  reminder_template: "尚有{未转载数}个账号未转载：{未转载名单}",
};

let bots: Bot[];

function backend(extra: Record<string, Handler> = {}) {
  bots = [
    bot({ id: 1, name: "主力军工作群", tiers: ["main"] }),
    bot({ id: 2, name: "同盟军群", kind: "dingtalk", secret: "SECabc", units: ["区融媒体中心"], enabled: false }),
  ];
  return mockBackend({
    push_settings_get: () => SETTINGS,
    push_settings_set: (args) => args.settings,
    platform_settings_get: () => ({
      wewe_rss: null,
      rsshub: "http://10.0.0.5:1200",
      weibo_api: null,
      weibo_cookie: "SUB=secret",
      pace: { weibo_interval_s: 3, bridge_interval_s: 1, bridge_concurrency: 2 },
    }),
    platform_bridge_test: (args) => {
      if (args.url === "http://10.0.0.5:1200") return "已连接 RSSHub";
      throw { code: "bridge", message: `无法连接 ${args.url}：连接被拒绝` };
    },
    platform_settings_set: (args) => {
      const s = args.settings as Record<string, string | null>;
      if (s.wewe_rss && !/^https?:\/\//.test(s.wewe_rss)) throw { code: "invalid", message: `WeWe RSS 地址必须是 http:// 或 https:// 开头的网址：${s.wewe_rss}` };
      return s;
    },
    bot_list: () => bots,
    unit_list: () => [
      { id: 1, name: "区公安分局", kind: "department" },
      { id: 2, name: "区融媒体中心", kind: "media" },
    ],
    bot_save: (args) => {
      const input = args.input as BotInput;
      const saved = { ...input, id: (args.id as number | null) ?? 3, created_at: "2025-03-01T01:00:00Z" };
      bots = [...bots.filter((b) => b.id !== saved.id), saved];
      return saved;
    },
    bot_delete: (args) => {
      bots = bots.filter((b) => b.id !== args.id);
      return null;
    },
    bot_test: (args) =>
      args.id === 1
        ? delivery({ id: 5, purpose: "test", push_id: null })
        : delivery({ id: 6, purpose: "test", push_id: null, outcome: { ok: false, parts: 1, attempts: 3, http_status: 200, error: "关键词不匹配" } }),
    ...extra,
  });
}

async function mountPage() {
  const router = await testRouter("/settings/push");
  return loaded(mount(PushSettingsPage, { global: appGlobal(router), attachTo: document.body }));
}

const find = byTestid;

const click = clickTestid;

/** el-form-item shows its error after a short debounce. */
async function errorsShown() {
  await sleep(150);
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
});

describe("push settings", () => {
  it("loads the settings, checks the ranges and saves", async () => {
    backend();
    const wrapper = await mountPage();
    expect((find("push-settings-interval").element as HTMLInputElement).value).toBe("10");
    expect((find("push-settings-notice-template").element as HTMLTextAreaElement).value).toBe("请转发《{标题}》：{链接}");
    expect(find("push-settings-notice-template-placeholders").text()).toContain("{截止时间}");
    expect(find("push-settings-reminder-template-placeholders").text()).toContain("{未转载名单}");

    await find("push-settings-reminder-template").setValue("");
    await find("push-settings-notice-template").setValue("请转发{标题}，{日期}前完成");
    expect(find("push-settings-notice-template-unknown").text()).toContain("{日期}");
    await click("btn-save-push-settings");
    await errorsShown();
    expect(callsOf("push_settings_set")).toHaveLength(0);
    expect(find("push-settings").text()).toContain("催办模板不能为空");

    await find("push-settings-reminder-template").setValue("尚有{未转载数}个账号未转载");
    await click("btn-save-push-settings");
    expect(callsOf("push_settings_set")).toEqual([
      {
        settings: {
          ...SETTINGS,
          notice_template: "请转发{标题}，{日期}前完成",
          reminder_template: "尚有{未转载数}个账号未转载",
        },
      },
    ]);
    expect(document.body.textContent).toContain("推送设置已保存");
    wrapper.unmount();
  });
});

describe("platform settings", () => {
  it("loads the bridges, shows the core's refusal and saves a cleared field as empty", async () => {
    backend();
    const wrapper = await mountPage();
    expect((find("platform-settings-rsshub").element as HTMLInputElement).value).toBe("http://10.0.0.5:1200");
    expect(find("platform-settings").text()).toContain("需人工佐证");
    expect((find("platform-settings-weibo_interval_s").element as HTMLInputElement).value).toBe("3");
    // the login cookie is masked
    expect((find("platform-settings-weibo_cookie").element as HTMLInputElement).type).toBe("password");
    // 测试连接
    await click("btn-test-rsshub");
    expect(find("test-result-rsshub").text()).toBe("已连接 RSSHub");
    expect(callsOf("platform_bridge_test")).toEqual([{ url: "http://10.0.0.5:1200" }]);

    await find("platform-settings-wewe_rss").setValue("wewe.lan");
    await click("btn-save-platform-settings");
    expect(document.body.textContent).toContain("WeWe RSS 地址必须是 http:// 或 https:// 开头的网址");

    await find("platform-settings-wewe_rss").setValue("http://10.0.0.5:4000");
    await find("platform-settings-rsshub").setValue("");
    await click("btn-save-platform-settings");
    expect(callsOf("platform_settings_set").at(-1)).toEqual({
      settings: {
        wewe_rss: "http://10.0.0.5:4000",
        rsshub: null,
        weibo_api: null,
        weibo_cookie: "SUB=secret",
        pace: { weibo_interval_s: 3, bridge_interval_s: 1, bridge_concurrency: 2 },
      },
    });
    expect(document.body.textContent).toContain("平台设置已保存");
    wrapper.unmount();
  });
});

describe("group bots", () => {
  it("lists the bots without their keys", async () => {
    backend();
    const wrapper = await mountPage();
    const rows = page().findAll('[data-testid="bot-row"]');
    expect(rows.map((row) => row.attributes("data-name"))).toEqual(["主力军工作群", "同盟军群"]);
    expect(rows[0]!.text()).toContain("企业微信");
    expect(rows[0]!.text()).toContain("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…");
    expect(rows[0]!.text()).not.toContain("abcdef0123456789");
    expect(rows[0]!.text()).toContain("主力军");
    expect(rows[1]!.text()).toContain("区融媒体中心");
    expect(rows[1]!.text()).toContain("停用");
    wrapper.unmount();
  });

  it("checks the form before saving, in plain Chinese", async () => {
    backend();
    const wrapper = await mountPage();
    await click("btn-add-bot");
    expect(find("bot-dialog").exists()).toBe(true);
    // WeCom bots have no secret
    expect(find("bot-secret").attributes("disabled")).toBeDefined();
    expect(find("bot-secret-hint").text()).toBe("企业微信机器人无需密钥。");

    await click("btn-save-bot");
    await errorsShown();
    expect(find("bot-dialog").text()).toContain("请输入机器人名称");
    expect(find("bot-dialog").text()).toContain("请输入 Webhook 地址");
    expect(callsOf("bot_save")).toHaveLength(0);

    await find("bot-name").setValue("生力军工作群");
    await find("bot-webhook").setValue("oapi.dingtalk.com/robot/send?access_token=abc");
    await click("btn-save-bot");
    await errorsShown();
    expect(find("bot-dialog").text()).not.toContain("请输入机器人名称");
    expect(find("bot-dialog").text()).toContain("Webhook 地址须以 http:// 或 https:// 开头，且不含空格");
    expect(callsOf("bot_save")).toHaveLength(0);

    // a DingTalk bot with signing on
    await page().find('[data-testid="bot-kind"] .el-select__wrapper').trigger("click");
    await flushPromises();
    await page().find('li[data-value="dingtalk"]').trigger("click");
    await flushPromises();
    expect(find("bot-secret").attributes("disabled")).toBeUndefined();
    expect(find("bot-secret").attributes("type")).toBe("password");
    expect(find("bot-secret-hint").text()).toContain("加签");
    await find("bot-secret").setValue("SEC0123");
    await find("bot-webhook").setValue("https://oapi.dingtalk.com/robot/send?access_token=abc");
    await find("bot-tier-auxiliary").find("input").setValue(true);
    await click("btn-save-bot");
    expect(callsOf("bot_save")).toEqual([
      {
        id: null,
        input: {
          name: "生力军工作群",
          kind: "dingtalk",
          webhook: "https://oapi.dingtalk.com/robot/send?access_token=abc",
          secret: "SEC0123",
          tiers: ["auxiliary"],
          units: [],
          enabled: true,
        },
      },
    ]);
    expect(page().findAll('[data-testid="bot-row"]')).toHaveLength(3);
    wrapper.unmount();
  });

  it("edits a bot as saved", async () => {
    backend();
    const wrapper = await mountPage();
    await click("btn-edit-bot-2");
    expect((find("bot-name").element as HTMLInputElement).value).toBe("同盟军群");
    expect((find("bot-secret").element as HTMLInputElement).value).toBe("SECabc");
    await find("bot-name").setValue("同盟军协作群");
    await click("btn-save-bot");
    expect(callsOf("bot_save")[0]).toMatchObject({ id: 2, input: { name: "同盟军协作群", kind: "dingtalk", secret: "SECabc", enabled: false } });
    wrapper.unmount();
  });

  it("sends a test message and shows how it went", async () => {
    backend();
    const wrapper = await mountPage();
    await click("btn-test-bot-1");
    expect(callsOf("bot_test")).toEqual([{ id: 1 }]);
    expect(find("bot-test-result-1").attributes("data-ok")).toBe("true");
    expect(find("bot-test-result-1").text()).toBe("测试消息已发送");
    await click("btn-test-bot-2");
    expect(find("bot-test-result-2").attributes("data-ok")).toBe("false");
    expect(find("bot-test-result-2").text()).toBe("测试发送失败：关键词不匹配");
    wrapper.unmount();
  });

  it("deletes a bot after a confirmation", async () => {
    backend();
    const wrapper = await mountPage();
    await click("btn-delete-bot-2");
    expect(page().find(".el-message-box").text()).toContain("确定删除群机器人「同盟军群」吗？");
    await page().find(".el-message-box .el-button--primary").trigger("click");
    await flushPromises();
    await flushPromises();
    expect(callsOf("bot_delete")).toEqual([{ id: 2 }]);
    expect(page().findAll('[data-testid="bot-row"]').map((row) => row.attributes("data-name"))).toEqual(["主力军工作群"]);
    wrapper.unmount();
  });
});
