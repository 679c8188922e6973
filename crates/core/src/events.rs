//! The events the app sends to its window, in one table: each payload type with its event
//! name. The shell emits a payload under `AppEvent::NAME`; `ui/src/bindings/events.ts` (the
//! names and a name → payload map the window's one subscribe helper is typed by) is generated
//! from `EVENTS` by the bindings test, so the two sides cannot drift.

use serde::Serialize;

use crate::model::{
    AutoBackupOutcome, BackupProgress, BulkProgress, PasteProgress, ProbeProgress, PushEvent,
    PushUpdated, SweepProgress,
};

/// A payload the app emits to the window, and the event name it goes under.
pub trait AppEvent: Serialize + Clone {
    const NAME: &'static str;
}

/// One row of the event table, for the generated TypeScript.
#[derive(Debug, Clone, Copy)]
pub struct EventInfo {
    /// The key in the generated `EVENTS` object (camelCase).
    pub key: &'static str,
    pub name: &'static str,
    /// The payload's TypeScript type (a ts-rs binding of the same name).
    pub payload: &'static str,
    pub doc: &'static str,
}

macro_rules! event_table {
    ($($key:ident : $ty:ident = $name:literal, $doc:literal;)*) => {
        $(impl AppEvent for $ty {
            const NAME: &'static str = $name;
        })*

        /// Every event, as the window subscribes to it.
        pub const EVENTS: &[EventInfo] = &[$(EventInfo {
            key: stringify!($key),
            name: $name,
            payload: stringify!($ty),
            doc: $doc,
        }),*];
    };
}

event_table! {
    sweepProgress: SweepProgress = "sweep-progress",
        "Progress of a sweep (立即检查 and scheduled ones), for the progress bar.";
    pushUpdated: PushUpdated = "push-updated",
        "A check recorded results for a push: its board reloads.";
    pushEvent: PushEvent = "push-event",
        "A tier complete, a deadline missed, a rumor reposted (also a desktop notification).";
    backupProgress: BackupProgress = "backup-progress",
        "Pages of a backup being written.";
    autoBackup: AutoBackupOutcome = "auto-backup",
        "The daily backup made a backup or deleted old ones: the backup page refreshes.";
    bulkProgress: BulkProgress = "bulk-progress",
        "Accounts done of a bulk change to the ledger (调整梯队, 删除), for its progress bar.";
    probeProgress: ProbeProgress = "probe-progress",
        "Accounts tested of 检查全部账号 and what they found so far, for its progress bar.";
    pasteProgress: PasteProgress = "paste-progress",
        "Links read of what was pasted on the board (粘贴转载证据), for its progress bar.";
}

/// `ui/src/bindings/events.ts`: the names, and the payload type of each.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated from crates/core/src/events.rs by `make bindings`; do not edit.\n",
    );
    let mut types: Vec<&str> = EVENTS.iter().map(|e| e.payload).collect();
    types.sort_unstable();
    types.dedup();
    for t in &types {
        out.push_str(&format!("import type {{ {t} }} from \"./{t}\";\n"));
    }
    out.push_str("\nexport const EVENTS = {\n");
    for e in EVENTS {
        out.push_str(&format!(
            "  /** {} */\n  {}: \"{}\",\n",
            e.doc, e.key, e.name
        ));
    }
    out.push_str("} as const;\n\nexport type EventName = (typeof EVENTS)[keyof typeof EVENTS];\n");
    out.push_str("\n/** The payload each event carries. */\nexport interface EventPayloads {\n");
    for e in EVENTS {
        out.push_str(&format!("  \"{}\": {};\n", e.name, e.payload));
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_has_its_own_name_and_key() {
        let mut names: Vec<_> = EVENTS.iter().map(|e| e.name).collect();
        let mut keys: Vec<_> = EVENTS.iter().map(|e| e.key).collect();
        names.sort_unstable();
        names.dedup();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(names.len(), EVENTS.len());
        assert_eq!(keys.len(), EVENTS.len());
        assert_eq!(<PushUpdated as AppEvent>::NAME, "push-updated");
    }
}
