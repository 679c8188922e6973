// The start-up check: can the database be opened? App.vue shows the app only when
// `db_status` answers; otherwise a full-page error (e.g. `db_too_new`), or for a damaged
// database (`db_corrupt`) the page that restores a backup.
import { reactive } from "vue";
import { api } from "./api";
import type { DbStatus } from "./bindings/DbStatus";
import { normalizeError, type CommandError } from "./lib/errors";

export type DbPhase = "loading" | "ready" | "error";

export const dbState = reactive<{ phase: DbPhase; status: DbStatus | null; error: CommandError | null }>({
  phase: "loading",
  status: null,
  error: null,
});

export async function checkDatabase(): Promise<void> {
  dbState.phase = "loading";
  try {
    dbState.status = await api.dbStatus();
    dbState.error = null;
    dbState.phase = "ready";
  } catch (error) {
    dbState.status = null;
    dbState.error = normalizeError(error);
    dbState.phase = "error";
  }
}
