// Generated from crates/core/src/events.rs by `make bindings`; do not edit.
import type { AutoBackupOutcome } from "./AutoBackupOutcome";
import type { BackupProgress } from "./BackupProgress";
import type { BulkProgress } from "./BulkProgress";
import type { PasteProgress } from "./PasteProgress";
import type { ProbeProgress } from "./ProbeProgress";
import type { PushEvent } from "./PushEvent";
import type { PushUpdated } from "./PushUpdated";
import type { SweepProgress } from "./SweepProgress";

export const EVENTS = {
  /** Progress of a sweep (立即检查 and scheduled ones), for the progress bar. */
  sweepProgress: "sweep-progress",
  /** A check recorded results for a push: its board reloads. */
  pushUpdated: "push-updated",
  /** A tier complete, a deadline missed, a rumor reposted (also a desktop notification). */
  pushEvent: "push-event",
  /** Pages of a backup being written. */
  backupProgress: "backup-progress",
  /** The daily backup made a backup or deleted old ones: the backup page refreshes. */
  autoBackup: "auto-backup",
  /** Accounts done of a bulk change to the ledger (调整梯队, 删除), for its progress bar. */
  bulkProgress: "bulk-progress",
  /** Accounts tested of 检查全部账号 and what they found so far, for its progress bar. */
  probeProgress: "probe-progress",
  /** Links read of what was pasted on the board (粘贴转载证据), for its progress bar. */
  pasteProgress: "paste-progress",
} as const;

export type EventName = (typeof EVENTS)[keyof typeof EVENTS];

/** The payload each event carries. */
export interface EventPayloads {
  "sweep-progress": SweepProgress;
  "push-updated": PushUpdated;
  "push-event": PushEvent;
  "backup-progress": BackupProgress;
  "auto-backup": AutoBackupOutcome;
  "bulk-progress": BulkProgress;
  "probe-progress": ProbeProgress;
  "paste-progress": PasteProgress;
}
