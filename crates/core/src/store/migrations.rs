//! Versioned schema migrations, embedded in the binary. The version lives in
//! `PRAGMA user_version`; each upgrade runs in a transaction. Append only: never edit a
//! migration that has shipped.

use rusqlite::Connection;
use rusqlite_migration::{Migrations, M};

use crate::error::{Error, Result};

const LIST: &[M<'static>] = &[
    M::up(include_str!("migrations/0001_ledger.sql")),
    M::up(include_str!("migrations/0002_checks.sql")),
    M::up(include_str!("migrations/0003_cases.sql")),
    M::up(include_str!("migrations/0004_pushes.sql")),
    M::up(include_str!("migrations/0005_stats.sql")),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = LIST.len() as i64;

fn migrations() -> Migrations<'static> {
    Migrations::from_slice(LIST)
}

pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    migrations()
        .to_latest(conn)
        .map_err(|e| Error::Migration(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_list_is_valid() {
        migrations().validate().unwrap();
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
}
