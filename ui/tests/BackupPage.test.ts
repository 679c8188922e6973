// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { flushPromises, mount } from "@vue/test-utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));
vi.mock("@tauri-apps/plugin-dialog", () => ({ open: vi.fn(), save: vi.fn() }));
// The backend's events: the test emits them through the handlers the page registers.
const listeners = new Map<string, (event: { payload: unknown }) => void>();
vi.mock("@tauri-apps/api/event", () => ({
  listen: vi.fn(async (name: string, handler: (event: { payload: unknown }) => void) => {
    listeners.set(name, handler);
    return () => listeners.delete(name);
  }),
}));
vi.mock("../src/lib/reload", () => ({ reloadApp: vi.fn() }));

import { open, save } from "@tauri-apps/plugin-dialog";
import BackupPage from "../src/pages/BackupPage.vue";
import { reloadApp } from "../src/lib/reload";
import { formatSize, progressPercent, defaultBackupName } from "../src/lib/backup";
import type { BackupOverview } from "../src/bindings/BackupOverview";
import type { BackupReport } from "../src/bindings/BackupReport";
import { callsOf, globalPlugins, mockBackend, page, sleep, type Handler } from "./helpers";
import type { Locale } from "../src/labels";

const overview: BackupOverview = {
  settings: { enabled: true, dir: null, keep: 14 },
  backup_dir: "/home/kw/.local/share/cn.piyao.matrix/backups",
  db_path: "/home/kw/.local/share/cn.piyao.matrix/piyao.sqlite3",
  data_dir: "/home/kw/.local/share/cn.piyao.matrix",
  backups: [
    {
      name: "piyao-20261121-093000.sqlite3",
      path: "/home/kw/.local/share/cn.piyao.matrix/backups/piyao-20261121-093000.sqlite3",
      kind: "auto",
      created_at: "2026-11-21 09:30:00",
      size_bytes: 5 * 1024 * 1024 + 300 * 1024,
    },
    {
      name: "piyao-before-restore-20261120-160000.sqlite3",
      path: "/home/kw/.local/share/cn.piyao.matrix/backups/piyao-before-restore-20261120-160000.sqlite3",
      kind: "safety",
      created_at: "2026-11-20 16:00:00",
      size_bytes: 800 * 1024,
    },
  ],
};

function report(path: string, fields: Partial<BackupReport> = {}): BackupReport {
  return {
    path,
    size_bytes: 5 * 1024 * 1024 + 300 * 1024,
    schema_version: 4,
    needs_upgrade: false,
    accounts: 36,
    cases: 12,
    pushes: 5,
    newest_case_at: "2026-11-21 09:12",
    ...fields,
  };
}

function backend(extra: Record<string, Handler> = {}) {
  return mockBackend({
    backup_overview: () => overview,
    backup_verify: (args) => report(String(args.path)),
    ...extra,
  });
}

async function mountPage(locale: Locale = "zh-CN") {
  const wrapper = mount(BackupPage, { global: globalPlugins(locale), attachTo: document.body });
  await flushPromises();
  await flushPromises();
  return wrapper;
}

async function click(testid: string) {
  await page().find(`[data-testid="${testid}"]`).trigger("click");
  await flushPromises();
  await sleep(30);
  await flushPromises();
}

/** The newest message box (a closed one may still be fading out). */
function box() {
  return page().findAll(".el-message-box").at(-1)!;
}

async function clickDialogButton(selector: string) {
  await box().find(selector).trigger("click");
  await flushPromises();
  await sleep(50);
  await flushPromises();
}

beforeEach(() => {
  document.body.innerHTML = "";
  listeners.clear();
  vi.mocked(reloadApp).mockReset();
  vi.mocked(save).mockReset();
  vi.mocked(open).mockReset();
});

describe("backup helpers", () => {
  it("formats sizes, progress and the suggested file name", () => {
    expect(formatSize(800 * 1024)).toBe("800 KB");
    expect(formatSize(1)).toBe("1 KB");
    expect(formatSize(5 * 1024 * 1024 + 300 * 1024)).toBe("5.3 MB");
    expect(formatSize(3 * 1024 * 1024 * 1024)).toBe("3.00 GB");
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ done: 127, total: 254 })).toBe(50);
    expect(progressPercent({ done: 254, total: 254 })).toBe(100);
    expect(defaultBackupName("辟谣矩阵备份", new Date(2026, 10, 21, 9, 5))).toBe("辟谣矩阵备份-20261121-0905.sqlite3");
  });
});

describe("BackupPage", () => {
  it("shows the backups, the automatic-backup settings and the data folder", async () => {
    backend();
    const wrapper = await mountPage();
    expect(page().find("h2").text()).toBe("数据备份");

    const rows = page().findAll('[data-testid="backup-row"]');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain("2026-11-21 09:30:00");
    expect(rows[0]!.text()).toContain("最新");
    expect(rows[0]!.text()).toContain("自动备份");
    expect(rows[0]!.text()).toContain("5.3 MB");
    expect(rows[1]!.text()).toContain("恢复前的安全备份");
    expect(rows[1]!.text()).toContain("800 KB");
    expect(page().find('[data-testid="btn-restore-1"]').element.tagName).toBe("BUTTON");
    expect(page().find('[data-testid="btn-verify-2"]').exists()).toBe(true);
    expect(page().find('[data-testid="auto-backup-newest"]').text()).toBe("最近一次自动备份：2026-11-21 09:30:00");

    const enabled = page().find('[data-testid="auto-backup-enabled"]');
    expect(enabled.classes()).toContain("is-checked");
    const keep = page().find('[data-testid="auto-backup-keep"]');
    expect(keep.element.tagName).toBe("INPUT");
    expect((keep.element as HTMLInputElement).value).toBe("14");
    const dir = page().find('[data-testid="auto-backup-dir"]');
    expect((dir.element as HTMLInputElement).value).toBe("");
    expect(dir.attributes("placeholder")).toBe("默认：/home/kw/.local/share/cn.piyao.matrix/backups");

    expect(page().find('[data-testid="data-folder-path"]').text()).toBe("/home/kw/.local/share/cn.piyao.matrix");
    expect(page().find('[data-testid="btn-copy-data-folder"]').exists()).toBe(true);
    wrapper.unmount();
  });

  it("backs up now to the chosen file, with a progress bar and the checked result", async () => {
    let finish: (value: BackupReport) => void = () => {};
    backend({
      backup_create: (args) =>
        new Promise<BackupReport>((resolve) => {
          finish = () => resolve(report(String(args.path)));
        }),
    });
    vi.mocked(save).mockResolvedValueOnce("/media/usb/辟谣矩阵备份.sqlite3");
    const wrapper = await mountPage();
    expect(page().find('[data-testid="backup-progress"]').exists()).toBe(false);

    await click("btn-backup-now");
    expect(vi.mocked(save).mock.calls[0]![0]).toMatchObject({
      defaultPath: expect.stringMatching(/^辟谣矩阵备份-\d{8}-\d{4}\.sqlite3$/),
    });
    expect(callsOf("backup_create")).toEqual([{ path: "/media/usb/辟谣矩阵备份.sqlite3" }]);
    const bar = () => page().find('[data-testid="backup-progress"]');
    expect(bar().exists()).toBe(true);
    expect(bar().text()).toContain("正在备份");

    listeners.get("backup-progress")!({ payload: { done: 300, total: 1200 } });
    await flushPromises();
    expect(bar().attributes("data-percent")).toBe("25");
    expect(bar().text()).toContain("25%");

    finish(report("/media/usb/辟谣矩阵备份.sqlite3"));
    await flushPromises();
    await flushPromises();
    expect(bar().attributes("data-percent")).toBe("100");
    const result = page().find('[data-testid="backup-result"]').text();
    expect(result).toContain("已备份到 /media/usb/辟谣矩阵备份.sqlite3（5.3 MB）");
    expect(result).toContain("账号 36 个，案件 12 件，推送 5 次");
    expect(document.body.textContent).toContain("备份完成，副本已通过完整性检查");
    wrapper.unmount();
  });

  it("says why a backup failed, and does nothing when the dialog is cancelled", async () => {
    backend({
      backup_create: () => {
        throw { code: "backup_over_live", message: "不能把备份写到正在使用的数据库文件上" };
      },
    });
    vi.mocked(save).mockResolvedValueOnce(null);
    const wrapper = await mountPage();
    await click("btn-backup-now");
    expect(callsOf("backup_create")).toHaveLength(0);

    vi.mocked(save).mockResolvedValueOnce(overview.db_path);
    await click("btn-backup-now");
    expect(document.body.textContent).toContain("不能把备份写到正在使用的数据库文件上");
    expect(page().find('[data-testid="backup-result"]').exists()).toBe(false);
    wrapper.unmount();
  });

  it("saves the automatic-backup settings", async () => {
    backend({ backup_settings_set: (args) => args.settings });
    const wrapper = await mountPage();
    await click("auto-backup-enabled");
    expect(page().find('[data-testid="auto-backup-enabled"]').classes()).not.toContain("is-checked");
    await page().find('[data-testid="auto-backup-enabled"]').trigger("click");
    await page().find('[data-testid="auto-backup-dir"]').setValue("  /mnt/共享/备份 ");
    const keep = page().find('[data-testid="auto-backup-keep"]');
    await keep.setValue("30");
    await keep.trigger("change");
    await flushPromises();
    await click("btn-save-backup-settings");
    expect(callsOf("backup_settings_set")).toEqual([
      { settings: { enabled: true, dir: "/mnt/共享/备份", keep: 30 } },
    ]);
    expect(document.body.textContent).toContain("自动备份设置已保存");
    expect(callsOf("backup_overview").length).toBeGreaterThanOrEqual(2);
    wrapper.unmount();
  });

  it("restores a listed backup after showing what it holds, then reloads", async () => {
    backend({
      backup_restore: (args) => ({
        restored: report(String(args.path)),
        safety_backup: "/home/kw/.local/share/cn.piyao.matrix/backups/piyao-before-restore-20261121-100000.sqlite3",
        damaged_file: null,
      }),
    });
    const wrapper = await mountPage();
    await click("btn-restore-1");
    expect(callsOf("backup_verify")).toEqual([{ path: overview.backups[0]!.path }]);
    expect(callsOf("backup_restore")).toHaveLength(0); // not before the confirmation

    const shown = page().find('[data-testid="restore-report"]');
    expect(shown.exists()).toBe(true);
    expect(box().find(".el-message-box__title").text()).toBe("确认恢复");
    expect(page().find('[data-testid="report-counts"]').text()).toBe("账号 36 个，案件 12 件，推送 5 次");
    expect(page().find('[data-testid="report-newest"]').text()).toBe("2026-11-21 09:12");
    expect(shown.text()).toContain("安全备份");

    await clickDialogButton(".el-button--primary");
    expect(callsOf("backup_restore")).toEqual([{ path: overview.backups[0]!.path }]);
    expect(box().find(".el-message-box__title").text()).toBe("恢复成功");
    expect(page().find('[data-testid="restore-done"]').text()).toContain("piyao-before-restore-20261121-100000.sqlite3");
    expect(reloadApp).not.toHaveBeenCalled();
    await clickDialogButton(".el-button--primary");
    expect(reloadApp).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it("restores nothing when the confirmation is cancelled or the backup is refused", async () => {
    backend({
      backup_verify: (args) => {
        if (String(args.path).includes("before-restore")) {
          throw { code: "backup_too_new", message: "备份文件由更新版本的辟谣矩阵协调台写入，请升级到最新版本后再恢复。" };
        }
        return report(String(args.path), { schema_version: 2, needs_upgrade: true });
      },
      backup_restore: () => null,
    });
    const wrapper = await mountPage();
    await click("btn-restore-1");
    expect(page().find('[data-testid="report-version"]').text()).toBe("2（较旧，恢复时会自动升级）");
    await clickDialogButton(".el-message-box__btns .el-button:not(.el-button--primary)");
    expect(callsOf("backup_restore")).toHaveLength(0);

    document.body.querySelectorAll(".el-overlay").forEach((el) => el.remove());
    await click("btn-restore-2");
    expect(document.body.textContent).toContain("请升级到最新版本后再恢复");
    expect(box().find(".el-message-box__title").text()).toBe("这份备份不能使用");
    expect(callsOf("backup_restore")).toHaveLength(0);
    expect(reloadApp).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it("checks a backup on request and restores from a chosen file", async () => {
    backend({ backup_restore: (args) => ({ restored: report(String(args.path)), safety_backup: "/b/s.sqlite3", damaged_file: null }) });
    const wrapper = await mountPage();
    await click("btn-verify-2");
    expect(callsOf("backup_verify")).toEqual([{ path: overview.backups[1]!.path }]);
    expect(box().find(".el-message-box__title").text()).toBe("备份完好");
    expect(page().find('[data-testid="report-size"]').text()).toBe("5.3 MB");
    await clickDialogButton(".el-button--primary");
    document.body.querySelectorAll(".el-overlay").forEach((el) => el.remove());

    vi.mocked(open).mockResolvedValueOnce("/media/usb/周一.sqlite3");
    await click("btn-restore-file");
    expect(callsOf("backup_verify").at(-1)).toEqual({ path: "/media/usb/周一.sqlite3" });
    await clickDialogButton(".el-button--primary");
    expect(callsOf("backup_restore")).toEqual([{ path: "/media/usb/周一.sqlite3" }]);
    await clickDialogButton(".el-button--primary");
    expect(reloadApp).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it("refreshes the list when the daily backup ran", async () => {
    let current = { ...overview, backups: [] as BackupOverview["backups"] };
    backend({ backup_overview: () => current });
    const wrapper = await mountPage();
    expect(page().find('[data-testid="backup-list-empty"]').text()).toBe("备份文件夹中还没有备份");
    current = overview;
    listeners.get("auto-backup")!({ payload: { enabled: true, created: overview.backups[0], deleted: [], newest_at: null } });
    await flushPromises();
    await flushPromises();
    expect(page().findAll('[data-testid="backup-row"]')).toHaveLength(2);
    wrapper.unmount();
  });

  it("reads in English", async () => {
    backend();
    const wrapper = await mountPage("en");
    expect(page().find("h2").text()).toBe("Backup");
    expect(page().find('[data-testid="btn-backup-now"]').text()).toBe("Back up now…");
    expect(page().find('[data-testid="btn-restore-file"]').text()).toBe("Restore from file…");
    expect(page().findAll('[data-testid="backup-row"]')[1]!.text()).toContain("Safety copy before a restore");
    wrapper.unmount();
  });
});
