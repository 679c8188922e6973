//! Automatic backups as plain rules: how backup files are named, when the next one is due and
//! which old ones go. The store applies them to the files of the backup folder.

use time::macros::format_description;
use time::{Duration, OffsetDateTime, PrimitiveDateTime};

/// An automatic backup: `piyao-YYYYMMDD-HHMMSS.sqlite3` (local time).
const AUTO_PREFIX: &str = "piyao-";
/// The copy of the live database made just before a restore, so that the restore can be
/// undone: `piyao-before-restore-YYYYMMDD-HHMMSS.sqlite3`. Retention never deletes these.
const SAFETY_PREFIX: &str = "piyao-before-restore-";
const EXTENSION: &str = ".sqlite3";

/// How old the newest automatic backup may be before the next one is due.
pub const BACKUP_INTERVAL: Duration = Duration::hours(24);
/// How many automatic backups are kept unless the office says otherwise.
pub const DEFAULT_KEEP: u32 = 14;
/// The most the settings accept (a year of daily backups, and then some).
pub const MAX_KEEP: u32 = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// Made by the daily schedule; subject to retention.
    Auto,
    /// Made just before a restore; kept until the user deletes it.
    Safety,
}

/// `YYYYMMDD-HHMMSS`, as backup file names (and damaged files set aside) carry a time.
pub fn file_stamp(at: PrimitiveDateTime) -> String {
    at.format(format_description!(
        "[year][month][day]-[hour][minute][second]"
    ))
    .expect("a date formats")
}

/// The file name of an automatic backup made at local time `at`.
pub fn auto_file_name(at: PrimitiveDateTime) -> String {
    format!("{AUTO_PREFIX}{}{EXTENSION}", file_stamp(at))
}

/// The file name of the safety backup made before a restore at local time `at`.
pub fn safety_file_name(at: PrimitiveDateTime) -> String {
    format!("{SAFETY_PREFIX}{}{EXTENSION}", file_stamp(at))
}

/// What a file in the backup folder is, by its name alone; `None` for any other file (they
/// are never listed, counted or deleted).
pub fn parse_file_name(name: &str) -> Option<(BackupKind, PrimitiveDateTime)> {
    let body = name.strip_suffix(EXTENSION)?;
    let (kind, stamp) = match body.strip_prefix(SAFETY_PREFIX) {
        Some(s) => (BackupKind::Safety, s),
        None => (BackupKind::Auto, body.strip_prefix(AUTO_PREFIX)?),
    };
    // Exactly YYYYMMDD-HHMMSS: the parser alone would accept other widths.
    let shape_ok = stamp.len() == 15
        && stamp.bytes().enumerate().all(|(i, b)| {
            if i == 8 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape_ok {
        return None;
    }
    let at = PrimitiveDateTime::parse(
        stamp,
        format_description!("[year][month][day]-[hour][minute][second]"),
    )
    .ok()?;
    Some((kind, at))
}

/// `at` as the office reads clocks: `2025-03-01 08:30:00`.
pub fn local_label(at: PrimitiveDateTime) -> String {
    at.format(format_description!(
        "[year]-[month]-[day] [hour]:[minute]:[second]"
    ))
    .expect("a date formats")
}

/// The wall-clock time of `now`, as file names carry it.
pub fn wall_clock(now: OffsetDateTime) -> PrimitiveDateTime {
    PrimitiveDateTime::new(now.date(), now.time())
}

/// A new automatic backup is due when there is none, or the newest is 24 hours old or older.
pub fn is_due(newest: Option<PrimitiveDateTime>, now: PrimitiveDateTime) -> bool {
    newest.is_none_or(|newest| now - newest >= BACKUP_INTERVAL)
}

/// The automatic backups to delete so that the `keep` newest remain (oldest first). Safety
/// backups are not given to this function.
pub fn beyond_retention<T: Clone>(backups: &[(T, PrimitiveDateTime)], keep: u32) -> Vec<T> {
    let mut sorted: Vec<&(T, PrimitiveDateTime)> = backups.iter().collect();
    sorted.sort_by_key(|(_, at)| std::cmp::Reverse(*at));
    let mut gone: Vec<&(T, PrimitiveDateTime)> =
        sorted.into_iter().skip(keep.max(1) as usize).collect();
    gone.reverse();
    gone.into_iter().map(|(t, _)| t.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn names_round_trip_and_other_files_are_not_backups() {
        let at = datetime!(2025-03-01 08:05:09);
        assert_eq!(auto_file_name(at), "piyao-20250301-080509.sqlite3");
        assert_eq!(
            safety_file_name(at),
            "piyao-before-restore-20250301-080509.sqlite3"
        );
        assert_eq!(
            parse_file_name(&auto_file_name(at)),
            Some((BackupKind::Auto, at))
        );
        assert_eq!(
            parse_file_name(&safety_file_name(at)),
            Some((BackupKind::Safety, at))
        );
        for other in [
            "piyao.sqlite3",
            "piyao-20250301-080509.sqlite3-wal",
            "piyao-20250301-080509.sqlite3.part",
            "piyao-2025031-080509.sqlite3",
            "piyao-20250301-0805090.sqlite3",
            "piyao-20251301-080509.sqlite3",
            "piyao-20250301+080509.sqlite3",
            "notes-20250301-080509.sqlite3",
            "piyao-20250301-080509.db",
            "我的备份.sqlite3",
        ] {
            assert_eq!(parse_file_name(other), None, "{other}");
        }
        assert_eq!(local_label(at), "2025-03-01 08:05:09");
    }

    #[test]
    fn due_when_none_or_a_day_old() {
        let now = datetime!(2025-03-02 09:00:00);
        let cases = [
            (None, true),
            (Some(datetime!(2025-03-02 08:00:00)), false),
            (Some(datetime!(2025-03-01 09:00:01)), false),
            (Some(datetime!(2025-03-01 09:00:00)), true),
            (Some(datetime!(2025-02-20 09:00:00)), true),
        ];
        for (newest, due) in cases {
            assert_eq!(is_due(newest, now), due, "{newest:?}");
        }
    }

    #[test]
    fn retention_deletes_the_oldest_beyond_keep() {
        let files: Vec<(&str, PrimitiveDateTime)> = vec![
            ("c", datetime!(2025-03-03 02:00:00)),
            ("a", datetime!(2025-03-01 02:00:00)),
            ("e", datetime!(2025-03-05 02:00:00)),
            ("b", datetime!(2025-03-02 02:00:00)),
            ("d", datetime!(2025-03-04 02:00:00)),
        ];
        assert_eq!(beyond_retention(&files, 3), vec!["a", "b"]);
        assert_eq!(beyond_retention(&files, 5), Vec::<&str>::new());
        assert_eq!(beyond_retention(&files, 14), Vec::<&str>::new());
        // keep 0 would delete the backup just made: at least one stays
        assert_eq!(beyond_retention(&files, 0), vec!["a", "b", "c", "d"]);
    }
}
