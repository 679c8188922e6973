// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));
vi.mock("../src/lib/reload", () => ({ reloadApp: vi.fn() }));

import ElementPlus from "element-plus";
import { open } from "@tauri-apps/plugin-dialog";
import App from "../src/App.vue";
import { createAppI18n } from "../src/i18n";
import { createAppRouter } from "../src/routes";
import { reloadApp } from "../src/lib/reload";
import type { BackupOverview } from "../src/bindings/BackupOverview";
import { callsOf, mockBackend, page, sleep, type Handler } from "./helpers";

const DAMAGED = {
  code: "db_corrupt",
  message: "数据库文件已损坏，程序没有打开它，也没有修改它：/data/piyao.sqlite3（database disk image is malformed）",
};

const info: BackupOverview = {
  settings: { enabled: true, dir: null, keep: 14 },
  backup_dir: "/data/backups",
  db_path: "/data/piyao.sqlite3",
  data_dir: "/data",
  backups: [
    {
      name: "piyao-20261121-093000.sqlite3",
      path: "/data/backups/piyao-20261121-093000.sqlite3",
      kind: "auto",
      created_at: "2026-11-21 09:30:00",
      size_bytes: 2 * 1024 * 1024,
    },
    {
      name: "piyao-20261120-093000.sqlite3",
      path: "/data/backups/piyao-20261120-093000.sqlite3",
      kind: "auto",
      created_at: "2026-11-20 09:30:00",
      size_bytes: 2 * 1024 * 1024,
    },
  ],
};

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    db_status: () => {
      throw DAMAGED;
    },
    backup_overview: () => info,
    backup_verify: (args) => ({
      path: args.path,
      size_bytes: 2 * 1024 * 1024,
      schema_version: 4,
      needs_upgrade: false,
      accounts: 36,
      cases: 12,
      pushes: 5,
      newest_case_at: "2026-11-21 09:12",
    }),
    ...extra,
  });
}

async function mountApp() {
  const router = createAppRouter();
  router.push("/");
  await router.isReady();
  const wrapper = mount(App, {
    global: { plugins: [ElementPlus, createAppI18n("zh-CN"), router] },
    attachTo: document.body,
  });
  await flushPromises();
  await flushPromises();
  return wrapper;
}

function box() {
  return page().findAll(".el-message-box").at(-1)!;
}

async function settle() {
  await flushPromises();
  await sleep(50);
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
  localStorage.clear();
  vi.mocked(reloadApp).mockReset();
});

describe("the damaged-database page", () => {
  it("says what happened and that nothing changed, instead of the app", async () => {
    backend();
    const wrapper = await mountApp();
    const view = page().find('[data-testid="db-corrupt-page"]');
    expect(view.exists()).toBe(true);
    expect(page().find('[data-testid="db-error"]').exists()).toBe(false);
    expect(page().find('[data-testid="nav-ledger"]').exists()).toBe(false);
    expect(view.text()).toContain("数据库文件已损坏");
    expect(page().find('[data-testid="db-corrupt-unchanged"]').text()).toContain("没有打开这个文件，也没有做任何修改");
    expect(view.text()).toContain("用最近的一份自动备份恢复");
    expect(page().find('[data-testid="db-error-path"]').text()).toBe("/data/piyao.sqlite3");
    expect(page().find('[data-testid="data-folder-path"]').text()).toBe("/data");
    expect(page().find('[data-testid="btn-open-data-folder"]').exists()).toBe(true);

    const rows = page().findAll('[data-testid="backup-row"]');
    expect(rows.map((row) => row.find(".when").text())).toEqual(["2026-11-21 09:30:00", "2026-11-20 09:30:00"]);
    expect(rows[0]!.text()).toContain("最新");
    expect(rows[0]!.text()).toContain("2.0 MB");
    wrapper.unmount();
  });

  it("restores the newest backup after showing what it holds, then reloads the app", async () => {
    backend({
      backup_restore: (args) => ({
        restored: { path: args.path },
        safety_backup: null,
        damaged_file: "/data/piyao.sqlite3.damaged-20261121-100000",
      }),
    });
    const wrapper = await mountApp();
    await page().find('[data-testid="btn-restore-1"]').trigger("click");
    await settle();
    expect(callsOf("backup_verify")).toEqual([{ path: "/data/backups/piyao-20261121-093000.sqlite3" }]);
    expect(box().find(".el-message-box__title").text()).toBe("确认恢复");
    expect(box().find('[data-testid="report-counts"]').text()).toBe("账号 36 个，案件 12 件，推送 5 次");
    expect(box().text()).toContain("损坏的数据库文件会被移到一旁保留（不会删除）");
    expect(callsOf("backup_restore")).toHaveLength(0);

    await box().find(".el-button--primary").trigger("click");
    await settle();
    expect(callsOf("backup_restore")).toEqual([{ path: "/data/backups/piyao-20261121-093000.sqlite3" }]);
    expect(box().find(".el-message-box__title").text()).toBe("恢复成功");
    expect(box().text()).toContain("/data/piyao.sqlite3.damaged-20261121-100000");
    await box().find(".el-button--primary").trigger("click");
    await settle();
    expect(reloadApp).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it("offers another file when the backup folder is empty, and reports a refused backup", async () => {
    backend({
      backup_overview: () => ({ ...info, backups: [] }),
      backup_verify: () => {
        throw { code: "backup_invalid", message: "/media/usb/x.sqlite3 不能用于恢复：这不是辟谣矩阵协调台的数据库" };
      },
    });
    vi.mocked(open).mockResolvedValueOnce("/media/usb/x.sqlite3");
    const wrapper = await mountApp();
    expect(page().find('[data-testid="db-corrupt-no-backups"]').text()).toBe("备份文件夹中没有找到备份：/data/backups");
    await page().find('[data-testid="btn-restore-file"]').trigger("click");
    await settle();
    expect(callsOf("backup_verify")).toEqual([{ path: "/media/usb/x.sqlite3" }]);
    expect(box().text()).toContain("这不是辟谣矩阵协调台的数据库");
    expect(callsOf("backup_restore")).toHaveLength(0);
    expect(reloadApp).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});
