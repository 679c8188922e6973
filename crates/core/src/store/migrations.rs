//! Versioned schema migrations, embedded in the binary. The version lives in
//! `PRAGMA user_version`; each upgrade runs in a transaction. Append only: never edit a
//! migration that has shipped.

use rusqlite::{Connection, Transaction};
use rusqlite_migration::{HookError, HookResult, Migrations, M};

use crate::error::{Error, Result};

/// The schema version this build writes: the number of migrations.
pub const SCHEMA_VERSION: i64 = 8;

fn list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/0001_ledger.sql")),
        M::up(include_str!("migrations/0002_checks.sql")),
        M::up(include_str!("migrations/0003_cases.sql")),
        M::up(include_str!("migrations/0004_pushes.sql")),
        M::up_with_hook(include_str!("migrations/0005_stats.sql"), reindex_cases),
        M::up_with_hook(include_str!("migrations/0006_unreadable.sql"), bump_schema),
        M::up_with_hook(include_str!("migrations/0007_sources.sql"), resolve_sources),
        M::up(include_str!("migrations/0008_images.sql")),
    ]
}

/// 0006 edits a CHECK constraint in place (SQLite's documented procedure: the table's SQL
/// in `sqlite_schema` is rewritten under `writable_schema`, then the schema version is
/// raised so that every connection reloads it). Rebuilding the table instead would cascade
/// the delete into `check_attempts`: foreign keys cannot be switched off inside a migration's
/// transaction.
fn bump_schema(tx: &Transaction) -> HookResult {
    let v: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.pragma_update(None, "schema_version", v + 1)?;
    let ok: String = tx.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if ok != "ok" {
        return Err(HookError::Hook(format!("quick_check after 0006: {ok}")));
    }
    Ok(())
}

/// 0007: every account's source, resolved from its platform and address.
fn resolve_sources(tx: &Transaction) -> HookResult {
    super::accounts::resolve_all_sources(tx).map_err(|e| HookError::Hook(e.to_string()))
}

/// 0005 changed the full-text index's tokens: rewrite it.
fn reindex_cases(tx: &Transaction) -> HookResult {
    super::cases::reindex_all(tx).map_err(|e| HookError::Hook(e.to_string()))
}

fn migrations() -> Migrations<'static> {
    Migrations::new(list())
}

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrations()
        .to_latest(conn)
        .map_err(|e| Error::Migration(e.to_string()))
}

/// A database at an older schema version, for tests of upgrades.
#[cfg(test)]
pub(crate) fn migrate_to(conn: &mut Connection, version: usize) {
    migrations().to_version(conn, version).unwrap();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_list_is_valid() {
        migrations().validate().unwrap();
        assert_eq!(list().len() as i64, SCHEMA_VERSION);
    }

    #[test]
    fn upgrades_from_every_older_schema() {
        for from in 0..SCHEMA_VERSION {
            let mut conn = Connection::open_in_memory().unwrap();
            migrations().to_version(&mut conn, from as usize).unwrap();
            migrate(&mut conn).unwrap();
            let v: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, SCHEMA_VERSION, "from {from}");
        }
    }

    #[test]
    fn upgrading_to_0006_accepts_unreadable_and_keeps_every_row() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        migrations().to_version(&mut conn, 5).unwrap();
        conn.execute_batch(
            "INSERT INTO accounts (id, name, platform, tier) VALUES (1, '平安云川', 'weibo', 'main');
             INSERT INTO rumors (id, title) VALUES (1, '网传');
             INSERT INTO rebuttals (id, rumor_id, title) VALUES (1, 1, '辟谣');
             INSERT INTO pushes (id, rebuttal_id) VALUES (1, 1);
             INSERT INTO push_targets (push_id, account_id, tier, verdict) VALUES (1, 1, 'main', 'not_found');
             INSERT INTO check_attempts (push_id, account_id, verdict) VALUES (1, 1, 'not_found');",
        )
        .unwrap();
        assert!(conn
            .execute("UPDATE push_targets SET verdict = 'unreadable'", [])
            .is_err());
        migrate(&mut conn).unwrap();
        let cell = |conn: &Connection| -> (i64, i64, i64) {
            conn.query_row(
                "SELECT targeted, reposted, unverified FROM push_cells WHERE push_id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap()
        };
        assert_eq!(cell(&conn), (1, 0, 0));
        conn.execute("UPDATE push_targets SET verdict = 'unreadable'", [])
            .unwrap();
        // Counted apart as 未能核查, and back when it is read again.
        assert_eq!(cell(&conn), (1, 0, 1));
        conn.execute("UPDATE push_targets SET verdict = 'blocked'", [])
            .unwrap();
        assert_eq!(cell(&conn), (1, 0, 1));
        conn.execute("UPDATE push_targets SET verdict = 'not_found'", [])
            .unwrap();
        assert_eq!(cell(&conn), (1, 0, 0));
        conn.execute("UPDATE push_targets SET verdict = 'unreachable'", [])
            .unwrap();
        conn.execute(
            "UPDATE push_targets SET verdict = 'reposted', first_seen_at = '2026-03-01T00:00:00Z'",
            [],
        )
        .unwrap();
        assert_eq!(cell(&conn), (1, 1, 0));
        conn.execute(
            "UPDATE push_targets SET verdict = 'unreadable', first_seen_at = NULL",
            [],
        )
        .unwrap();
        assert_eq!(cell(&conn), (1, 0, 1));
        assert!(conn
            .execute("UPDATE push_targets SET verdict = 'nonsense'", [])
            .is_err());
        let attempts: i64 = conn
            .query_row("SELECT count(*) FROM check_attempts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(attempts, 1);
        let fk: Vec<String> = conn
            .prepare("PRAGMA foreign_key_check")
            .unwrap()
            .query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert!(fk.is_empty(), "{fk:?}");
    }

    #[test]
    fn upgrading_to_0005_fills_the_statistics_facts_and_reindexes_search() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrations().to_version(&mut conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO units (id, name, kind) VALUES (7, '区公安分局', 'department');
             INSERT INTO accounts (id, name, platform, tier, unit_id) VALUES (1, '平安云川', 'weibo', 'main', 7);
             INSERT INTO rumors (id, title, content, first_seen_at) VALUES (1, '网传龙塔社区大门被枪击', '', '2026-03-01 08:00:00');
             INSERT INTO case_fts (rowid, body) VALUES (1, '网传 传龙 龙塔 塔社 社区 区大 大门 门被 被枪 枪击');
             INSERT INTO rebuttals (id, rumor_id, title, published_at) VALUES (1, 1, '辟谣', '2026-03-01 10:00:00');
             INSERT INTO rebuttals (id, rumor_id, title, published_at) VALUES (2, 1, '再次辟谣', '2026-03-02 10:00:00');
             INSERT INTO pushes (id, rebuttal_id, created_at, deadlines)
                 VALUES (1, 1, '2026-03-01T03:00:00Z', '[{\"tier\":\"main\",\"due_at\":\"2026-03-01T05:00:00Z\"}]');
             INSERT INTO push_targets (push_id, account_id, tier, verdict, first_seen_at)
                 VALUES (1, 1, 'main', 'reposted', '2026-03-01T03:10:00.5Z');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let first: String = conn
            .query_row(
                "SELECT first_rebuttal_at FROM rumors WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(first, "2026-03-01 10:00:00");
        let facts: (i64, String, i64) = conn
            .query_row(
                "SELECT unit_id, due_at, repost_seconds FROM push_targets",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(facts, (7, "2026-03-01T05:00:00Z".to_string(), 600));
        let cell = |unit: i64| -> (i64, i64, i64, String, String) {
            conn.query_row(
                "SELECT targeted, reposted, on_time, delays, accounts FROM push_cells WHERE push_id = 1 AND tier = 'main' AND unit_id = ?1",
                [unit],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .unwrap()
        };
        assert_eq!(cell(7), (1, 1, 1, "600".into(), "1".into()));
        // The index was rewritten: the last character of a run is found on its own.
        let found: i64 = conn
            .query_row(
                "SELECT count(*) FROM case_fts WHERE case_fts MATCH '\"击\" *'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(found, 1);
        // The triggers keep the facts on later writes.
        conn.execute_batch(
            "INSERT INTO rebuttals (rumor_id, title, published_at) VALUES (1, '更早的', '2026-03-01 09:00:00');
             INSERT INTO accounts (id, name, platform, tier) VALUES (2, '龙塔发布', 'wechat', 'main');
             INSERT INTO push_targets (push_id, account_id, tier) VALUES (1, 2, 'main');
             UPDATE push_targets SET verdict = 'reposted', first_seen_at = '2026-03-01T04:00:00Z' WHERE account_id = 2;",
        )
        .unwrap();
        let first: String = conn
            .query_row(
                "SELECT first_rebuttal_at FROM rumors WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(first, "2026-03-01 09:00:00");
        let facts: (Option<i64>, String, i64) = conn
            .query_row(
                "SELECT unit_id, due_at, repost_seconds FROM push_targets WHERE account_id = 2",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(facts, (None, "2026-03-01T05:00:00Z".to_string(), 3600));
        assert_eq!(cell(0), (1, 1, 1, "3600".into(), "2".into()));
    }

    #[test]
    fn upgrading_to_0007_resolves_every_accounts_source() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, 6);
        conn.execute_batch(
            "INSERT INTO accounts (id, name, platform, tier, watch_url) VALUES
                (1, '平安云川', 'weibo', 'main', 'https://weibo.com/u/1234567890'),
                (2, '云川发布', 'wechat', 'main', 'https://mp.weixin.qq.com/s/AbC'),
                (3, '云川政府网', 'website', 'auxiliary', 'http://127.0.0.1:9/news/'),
                (4, '网格群', 'group_chat', 'allied', NULL),
                (5, '老账号', 'weibo', 'allied', 'https://weibo.com/n/平安云川'),
                (6, '未填', 'toutiao', 'allied', NULL);",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let sources: Vec<Option<String>> = conn
            .prepare("SELECT source FROM accounts ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            sources,
            vec![
                Some(r#"{"kind":"weibo","uid":"1234567890"}"#.to_string()),
                Some(r#"{"kind":"wechat_article","biz":null,"article":"https://mp.weixin.qq.com/s/AbC"}"#.to_string()),
                Some(r#"{"kind":"web","url":"http://127.0.0.1:9/news/"}"#.to_string()),
                Some(r#"{"kind":"people"}"#.to_string()),
                None, // a nickname link: the ledger shows why when it is edited or checked
                None,
            ]
        );
    }
}
