// Restoring from a backup, the same way from the backup page and from the damaged-database
// page: check the file, show what it holds and ask, restore, say so, then start the UI afresh
// on the restored data.
import { h, ref, type VNode } from "vue";
import { useI18n } from "vue-i18n";
import { ElMessageBox } from "element-plus";
import { open } from "@tauri-apps/plugin-dialog";
import { api } from "../../api";
import type { BackupReport } from "../../bindings/BackupReport";
import type { RestoreOutcome } from "../../bindings/RestoreOutcome";
import { BACKUP_EXTENSIONS, formatSize } from "../../lib/backup";
import { errorText } from "../../lib/errors";
import { reloadApp } from "../../lib/reload";

/** Wide enough for a file path on two lines at most. */
const WIDE = { width: "560px", maxWidth: "92vw" };

/** `live`: the database is open (a safety backup comes first); `damaged`: it replaces a damaged file. */
export type RestoreMode = "live" | "damaged";

export function useRestore(mode: RestoreMode) {
  const { t } = useI18n();
  const busy = ref(false);

  /** What a backup holds, as lines of text (translated here: the message box has no i18n). */
  function reportNode(report: BackupReport, note: string | null): VNode {
    const facts: [string, string, string][] = [
      ["report-path", t("backup.report.file"), report.path],
      ["report-size", t("backup.report.size"), formatSize(report.size_bytes)],
      [
        "report-version",
        t("backup.report.version"),
        report.needs_upgrade
          ? t("backup.report.versionOlder", { v: report.schema_version })
          : String(report.schema_version),
      ],
      [
        "report-counts",
        t("backup.report.contents"),
        t("backup.report.counts", { accounts: report.accounts, cases: report.cases, pushes: report.pushes }),
      ],
      ["report-newest", t("backup.report.newestCase"), report.newest_case_at ?? t("backup.report.noCases")],
    ];
    return h("div", { class: "restore-report", "data-testid": "restore-report" }, [
      h(
        "dl",
        { style: "display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0 0 10px" },
        facts.flatMap(([testid, label, value]) => [
          h("dt", { style: "color:var(--el-text-color-secondary)" }, label),
          h("dd", { style: "margin:0;overflow-wrap:anywhere", "data-testid": testid }, value),
        ]),
      ),
      note ? h("p", { style: "margin:0;line-height:1.6" }, note) : null,
    ]);
  }

  function failed(error: unknown, title: string): void {
    void ElMessageBox.alert(errorText(error, t("errors.unknown")), title, { type: "error" }).catch(() => {});
  }

  /** Checks `path` and shows what it holds (the 检查 button). */
  async function verify(path: string): Promise<BackupReport | null> {
    busy.value = true;
    try {
      const report = await api.backupVerify(path);
      await ElMessageBox.alert(reportNode(report, t("backup.verifyOkNote")), t("backup.verifyOkTitle"), {
        type: "success",
        customStyle: WIDE,
      }).catch(() => {});
      return report;
    } catch (error) {
      failed(error, t("backup.verifyFailedTitle"));
      return null;
    } finally {
      busy.value = false;
    }
  }

  /** Checks, asks, restores, and reloads the app. Resolves to the outcome, or null. */
  async function restore(path: string): Promise<RestoreOutcome | null> {
    busy.value = true;
    try {
      let report: BackupReport;
      try {
        report = await api.backupVerify(path);
      } catch (error) {
        failed(error, t("backup.verifyFailedTitle"));
        return null;
      }
      try {
        await ElMessageBox.confirm(
          reportNode(report, mode === "live" ? t("backup.restoreNoteLive") : t("backup.restoreNoteDamaged")),
          t("backup.restoreConfirmTitle"),
          {
            type: "warning",
            confirmButtonText: t("backup.restoreConfirm"),
            cancelButtonText: t("common.cancel"),
            customStyle: WIDE,
          },
        );
      } catch {
        return null; // cancelled
      }
      let outcome: RestoreOutcome;
      try {
        outcome = await api.backupRestore(path);
      } catch (error) {
        failed(error, t("backup.restoreFailedTitle"));
        return null;
      }
      const lines = [t("backup.restoredText", { path: report.path })];
      if (outcome.safety_backup) lines.push(t("backup.restoredSafety", { path: outcome.safety_backup }));
      if (outcome.damaged_file) lines.push(t("backup.restoredDamaged", { path: outcome.damaged_file }));
      await ElMessageBox.alert(
        h(
          "div",
          { "data-testid": "restore-done" },
          lines.map((line) => h("p", { style: "margin:0 0 6px;overflow-wrap:anywhere" }, line)),
        ),
        t("backup.restoredTitle"),
        { type: "success", confirmButtonText: t("backup.reload"), customStyle: WIDE },
      ).catch(() => {});
      reloadApp();
      return outcome;
    } finally {
      busy.value = false;
    }
  }

  /** 从文件恢复…: choose a file, then as `restore`. */
  async function restoreFromFile(): Promise<RestoreOutcome | null> {
    let chosen: string | string[] | null;
    try {
      chosen = await open({
        multiple: false,
        directory: false,
        filters: [{ name: t("backup.fileFilter"), extensions: BACKUP_EXTENSIONS }],
      });
    } catch (error) {
      failed(error, t("backup.restoreFailedTitle"));
      return null;
    }
    if (typeof chosen !== "string" || chosen === "") return null;
    return restore(chosen);
  }

  return { busy, verify, restore, restoreFromFile };
}
