-- A verdict for pages that arrived but could not be read (script-only shells, login pages,
-- pages without items): `unreadable`. The CHECK constraint of push_targets.verdict is widened
-- in place (SQLite's procedure for changing CHECK constraints: rewrite the table's SQL under
-- writable_schema; the hook then raises schema_version). Every existing row satisfies the
-- wider constraint, so nothing needs rewriting.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''deleted'', ''unreachable'', ''unchecked'')',
                          '''deleted'', ''unreachable'', ''unreadable'', ''unchecked'')')
 WHERE type = 'table' AND name = 'push_targets';
PRAGMA writable_schema = OFF;
