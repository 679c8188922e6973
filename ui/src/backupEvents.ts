// The backup's events from the backend. Outside the desktop shell (vite dev in a browser,
// unit tests) there is no event bus: subscribing then does nothing.
import { listen } from "@tauri-apps/api/event";
import type { AutoBackupOutcome } from "./bindings/AutoBackupOutcome";
import type { BackupProgress } from "./bindings/BackupProgress";

export const BACKUP_EVENTS = {
  /** `{ done, total }` pages of a backup being written. */
  progress: "backup-progress",
  /** The daily backup made a backup or deleted old ones. */
  auto: "auto-backup",
} as const;

export type Unsubscribe = () => void;

async function subscribe<T>(name: string, handler: (payload: T) => void): Promise<Unsubscribe> {
  try {
    return await listen<T>(name, (event) => handler(event.payload));
  } catch {
    return () => {};
  }
}

export const backupEvents = {
  onProgress: (handler: (progress: BackupProgress) => void) =>
    subscribe<BackupProgress>(BACKUP_EVENTS.progress, handler),
  onAutoBackup: (handler: (outcome: AutoBackupOutcome) => void) =>
    subscribe<AutoBackupOutcome>(BACKUP_EVENTS.auto, handler),
};
