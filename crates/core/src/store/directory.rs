//! Units (责任单位) and territories (镇街) with their place names.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Deserialize;

use super::Db;
use crate::error::Result;
use crate::model::{Territory, Unit, UnitKind};

/// A district's directory as the demo (and later an import) describes it.
#[derive(Debug, Clone, Deserialize)]
pub struct Directory {
    pub units: Vec<DirectoryUnit>,
    pub territories: Vec<DirectoryTerritory>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DirectoryUnit {
    pub name: String,
    pub kind: UnitKind,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DirectoryTerritory {
    pub name: String,
    /// The town's or street's government unit.
    pub unit: Option<String>,
    #[serde(default)]
    pub places: Vec<String>,
}

/// The id of the unit with this name, creating it (kind guessed from the name) if missing.
pub(crate) fn ensure_unit(conn: &Connection, name: &str) -> Result<i64> {
    ensure_unit_of_kind(conn, name, UnitKind::guess(name))
}

fn ensure_unit_of_kind(conn: &Connection, name: &str, kind: UnitKind) -> Result<i64> {
    conn.execute(
        "INSERT INTO units (name, kind) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
        params![name, kind.code()],
    )?;
    Ok(conn.query_row("SELECT id FROM units WHERE name = ?1", [name], |r| r.get(0))?)
}

/// The id of the territory with this name, creating it if missing.
pub(crate) fn ensure_territory(conn: &Connection, name: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO territories (name) VALUES (?1) ON CONFLICT (name) DO NOTHING",
        [name],
    )?;
    Ok(
        conn.query_row("SELECT id FROM territories WHERE name = ?1", [name], |r| {
            r.get(0)
        })?,
    )
}

fn unit_from_row(r: &rusqlite::Row) -> rusqlite::Result<Unit> {
    let kind: String = r.get(2)?;
    Ok(Unit {
        id: r.get(0)?,
        name: r.get(1)?,
        kind: UnitKind::from_code(&kind).unwrap_or(UnitKind::Department),
    })
}

impl Db {
    pub fn list_units(&self) -> Result<Vec<Unit>> {
        self.read(|c| {
            let mut stmt = c.prepare("SELECT id, name, kind FROM units ORDER BY kind, name")?;
            let rows = stmt.query_map([], unit_from_row)?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    pub fn list_territories(&self) -> Result<Vec<Territory>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT t.id, t.name, COALESCE(
                     (SELECT json_group_array(name) FROM
                        (SELECT name FROM territory_places WHERE territory_id = t.id ORDER BY name)),
                     '[]'), u.name
                 FROM territories t LEFT JOIN units u ON u.id = t.unit_id ORDER BY t.name",
            )?;
            let rows = stmt.query_map([], |r| {
                let places: String = r.get(2)?;
                Ok(Territory {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    unit: r.get(3)?,
                    places: serde_json::from_str(&places).unwrap_or_default(),
                })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Merges a directory into the store: missing units, territories and place names are added,
    /// kinds of existing units are set to the directory's. Nothing is removed.
    pub fn merge_directory(&self, dir: &Directory) -> Result<()> {
        self.with_tx(|tx| {
            for u in &dir.units {
                let id = ensure_unit_of_kind(tx, u.name.trim(), u.kind)?;
                tx.execute("UPDATE units SET kind = ?1 WHERE id = ?2", params![u.kind.code(), id])?;
            }
            for t in &dir.territories {
                let id = ensure_territory(tx, t.name.trim())?;
                if let Some(unit) = &t.unit {
                    let unit_id = ensure_unit_of_kind(tx, unit.trim(), UnitKind::Town)?;
                    tx.execute(
                        "UPDATE territories SET unit_id = ?1 WHERE id = ?2",
                        params![unit_id, id],
                    )?;
                }
                for p in &t.places {
                    tx.execute(
                        "INSERT OR IGNORE INTO territory_places (territory_id, name) VALUES (?1, ?2)",
                        params![id, p.trim()],
                    )?;
                }
            }
            Ok(())
        })
    }

    pub fn unit_id_by_name(&self, name: &str) -> Result<Option<i64>> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT id FROM units WHERE name = ?1", [name], |r| r.get(0))
                    .optional()?,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_a_directory_twice_adds_nothing_the_second_time() {
        let db = Db::open_in_memory().unwrap();
        let dir: Directory = serde_json::from_str(
            r#"{"units":[{"name":"区公安分局","kind":"department"},{"name":"区融媒体中心","kind":"media"}],
                "territories":[{"name":"龙塔街道","unit":"龙塔街道办事处","places":["龙塔社区","东门村"]}]}"#,
        )
        .unwrap();
        db.merge_directory(&dir).unwrap();
        db.merge_directory(&dir).unwrap();
        let units = db.list_units().unwrap();
        assert_eq!(units.len(), 3);
        assert!(units
            .iter()
            .any(|u| u.name == "龙塔街道办事处" && u.kind == UnitKind::Town));
        let ts = db.list_territories().unwrap();
        assert_eq!(ts.len(), 1);
        assert_eq!(
            ts[0].places,
            vec!["东门村".to_string(), "龙塔社区".to_string()]
        );
    }
}
