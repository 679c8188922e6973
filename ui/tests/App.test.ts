// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock("@tauri-apps/api/event", () => import("./eventBus"));

import ElementPlus from "element-plus";
import App from "../src/App.vue";
import { createAppI18n, LOCALE_STORAGE_KEY } from "../src/i18n";
import { createAppRouter } from "../src/routes";
import { mockBackend, page, type Handler } from "./helpers";
import { emitEvent, isListening } from "./eventBus";
import { dashboardRecord } from "./statsFixtures";

async function mountApp() {
  const router = createAppRouter();
  router.push("/");
  await router.isReady();
  const wrapper = mount(App, {
    global: { plugins: [ElementPlus, createAppI18n(), router] },
    attachTo: document.body,
  });
  await flushPromises();
  await flushPromises();
  return wrapper;
}

/** A database that opens, with a quiet dashboard (the start page) and an empty ledger. */
function openDatabase(extra: Record<string, Handler> = {}) {
  return mockBackend({
    db_status: () => ({ path: "/data/piyao.db", accounts: 5, schema_version: 1 }),
    stats_dashboard: () => dashboardRecord(),
    account_list: () => [],
    unit_list: () => [],
    territory_list: () => [],
    ...extra,
  });
}

beforeEach(() => {
  document.body.innerHTML = "";
  localStorage.clear();
  sessionStorage.clear();
});

describe("App", () => {
  it("shows a full-page error, not the app, when the database is too new", async () => {
    mockBackend({
      db_status: () => {
        throw { code: "db_too_new", message: "数据库版本（5）高于本程序支持的版本（1）", path: "/data/piyao.db" };
      },
    });
    const wrapper = await mountApp();
    const error = page().find('[data-testid="db-error"]');
    expect(error.exists()).toBe(true);
    expect(error.text()).toContain("无法打开数据库");
    expect(error.text()).toContain("数据库版本（5）高于本程序支持的版本（1）");
    expect(error.text()).toContain("/data/piyao.db");
    expect(error.text()).toContain("更新版本");
    expect(page().find('[data-testid="nav-ledger"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("opens on the dashboard, lists the pages, and switches to English and back", async () => {
    openDatabase();
    const wrapper = await mountApp();
    expect(page().find('[data-testid="db-error"]').exists()).toBe(false);
    expect(wrapper.vm.$router.currentRoute.value.fullPath).toBe("/dashboard");
    await vi.waitFor(() => expect(page().find('[data-testid="dashboard"]').exists()).toBe(true), { timeout: 10000 });
    const nav = page().find('[data-testid="nav-dashboard"]');
    expect(nav.element.tagName).toBe("LI");
    expect(nav.text()).toBe("工作台");
    // the dashboard first, then the ledger and the case pages, the pushes and the statistics; the settings last
    const items = page().findAll(".shell-aside li.el-menu-item").map((item) => item.attributes("data-testid"));
    expect(items).toEqual(["nav-dashboard", "nav-ledger", "nav-cases", "nav-pushes", "nav-statistics", "nav-rules", "nav-push-settings", "nav-backup"]);
    expect(page().find('[data-testid="nav-ledger"]').text()).toBe("台账管理");
    expect(page().find('[data-testid="nav-backup"]').text()).toBe("数据备份");
    expect(page().find('[data-testid="nav-cases"]').text()).toBe("谣言案件");
    expect(page().find('[data-testid="nav-pushes"]').text()).toBe("推送监测");
    expect(page().find('[data-testid="nav-statistics"]').text()).toBe("统计分析");
    expect(page().find('[data-testid="nav-rules"]').text()).toBe("规则设置");
    expect(page().find('[data-testid="nav-push-settings"]').text()).toBe("推送设置");
    expect(page().find("header").text()).toContain("辟谣矩阵协调台");
    expect(page().find('[data-testid="btn-dash-new-case"]').text()).toBe("登记谣言");

    const lang = page().find('[data-testid="lang-switch"]');
    expect(lang.element.tagName).toBe("BUTTON");
    await lang.trigger("click");
    await flushPromises();
    expect(page().find('[data-testid="nav-dashboard"]').text()).toBe("Dashboard");
    expect(page().find('[data-testid="nav-ledger"]').text()).toBe("Ledger");
    expect(page().find('[data-testid="nav-cases"]').text()).toBe("Rumor cases");
    expect(page().find('[data-testid="nav-pushes"]').text()).toBe("Pushes");
    expect(page().find('[data-testid="nav-statistics"]').text()).toBe("Statistics");
    expect(page().find('[data-testid="btn-dash-new-case"]').text()).toBe("Record a rumor");
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("en");

    await page().find('[data-testid="lang-switch"]').trigger("click");
    await flushPromises();
    expect(page().find('[data-testid="btn-dash-new-case"]').text()).toBe("登记谣言");
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe("zh-CN");

    // the ledger is one click away
    await page().find('[data-testid="nav-ledger"]').trigger("click");
    await vi.waitFor(() => expect(page().find('[data-testid="btn-add-account"]').exists()).toBe(true), { timeout: 10000 });
    expect(page().find('[data-testid="btn-add-account"]').text()).toBe("新增账号");
    wrapper.unmount();
  });

  it("shows a push event in the window as plain text, opening its board on click", async () => {
    openDatabase();
    const wrapper = await mountApp();
    expect(isListening("push-event")).toBe(true);
    emitEvent("push-event", {
      push_id: 7,
      kind: "rumor_repost",
      tier: "allied",
      account_id: 4,
      at: "2025-03-01T04:30:00Z",
      title: "发现转发谣言",
      body: '<img src=x onerror="alert(1)">云川生活圈转发了谣言',
    });
    await flushPromises();
    const note = page().find(".push-notification");
    expect(note.exists()).toBe(true);
    expect(note.text()).toContain("发现转发谣言");
    expect(note.text()).toContain('<img src=x onerror="alert(1)">云川生活圈转发了谣言');
    expect(note.find("img").exists()).toBe(false);
    await note.trigger("click");
    // the board's page is loaded on demand
    await vi.waitFor(() => expect(wrapper.vm.$router.currentRoute.value.fullPath).toBe("/pushes/7"), { timeout: 10000 });
    wrapper.unmount();
  });
});
