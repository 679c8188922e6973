import { ref } from "vue";
import { useI18n } from "vue-i18n";
import { ElMessage } from "element-plus";
import { save } from "@tauri-apps/plugin-dialog";
import { errorText } from "./lib/errors";

export interface SaveExport {
  /** The save dialog's title, naming what is exported. */
  title: string;
  /** The file name the save dialog proposes. */
  defaultPath: string;
  /** The dialog's file types (named in the chosen language), the default first. */
  filters: { name: string; extensions: string[] }[];
  /** Writes the file (the backend picks the format by the extension); resolves to the rows written. */
  write: (path: string) => Promise<number>;
  /** The message once written. */
  done: (rows: number, path: string) => string;
}

/**
 * An export as the app does them (台账, 统计报表, 证据包): the save dialog, then the backend
 * writes the file; cancelling does nothing, a failure is shown as the backend words it.
 */
export function useSaveExport() {
  const { t } = useI18n();
  const exporting = ref(false);

  async function run(options: SaveExport): Promise<void> {
    let target: string | null;
    try {
      target = await save({
        title: options.title,
        defaultPath: options.defaultPath,
        filters: options.filters,
      });
    } catch (error) {
      ElMessage.error(errorText(error, t("errors.unknown")));
      return;
    }
    if (!target) return;
    exporting.value = true;
    try {
      const rows = await options.write(target);
      ElMessage.success(options.done(rows, target));
    } catch (error) {
      ElMessage.error(errorText(error, t("errors.unknown")));
    } finally {
      exporting.value = false;
    }
  }

  return { exporting, run };
}
