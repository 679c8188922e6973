import type { BackupProgress } from "../bindings/BackupProgress";

/** `850 KB`, `12.3 MB`, `1.20 GB` (binary units, as file managers show them). */
export function formatSize(bytes: number): string {
  const mib = 1024 * 1024;
  const gib = mib * 1024;
  if (bytes >= gib) return `${(bytes / gib).toFixed(2)} GB`;
  if (bytes >= mib) return `${(bytes / mib).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** Whole percent done, 0–100. */
export function progressPercent(progress: BackupProgress | null): number {
  if (!progress || progress.total <= 0) return 0;
  return Math.min(100, Math.floor((progress.done * 100) / progress.total));
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The file name the save dialog suggests: `辟谣矩阵备份-20261121-0930.sqlite3` (local time). */
export function defaultBackupName(prefix: string, now: Date = new Date()): string {
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `${prefix}-${date}-${pad(now.getHours())}${pad(now.getMinutes())}.sqlite3`;
}

/** What the file dialogs offer for backups. */
export const BACKUP_EXTENSIONS = ["sqlite3", "sqlite", "db"];
