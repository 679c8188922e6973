-- 1. Targets the checker could not see (blocked, unreadable, unreachable) are counted apart in
-- each cell (未能核查), so that statistics never count them as not reposted. The cell triggers
-- of 0005 that recount a cell are recreated to count them too.
ALTER TABLE push_cells ADD COLUMN unverified INTEGER NOT NULL DEFAULT 0;
UPDATE push_cells SET unverified = (
    SELECT count(*) FROM push_targets t
    WHERE t.push_id = push_cells.push_id AND t.tier = push_cells.tier
      AND coalesce(t.unit_id, 0) = push_cells.unit_id
      AND t.verdict IN ('blocked', 'unreadable', 'unreachable'));

DROP TRIGGER push_targets_launch;
CREATE TRIGGER push_targets_launch AFTER INSERT ON push_targets BEGIN
    UPDATE push_targets SET
        unit_id = (SELECT a.unit_id FROM accounts a WHERE a.id = NEW.account_id),
        due_at = (SELECT json_extract(d.value, '$.due_at') FROM pushes p, json_each(p.deadlines) d
                  WHERE p.id = NEW.push_id AND json_extract(d.value, '$.tier') = NEW.tier),
        repost_seconds = CASE WHEN NEW.first_seen_at IS NOT NULL THEN
            unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id) END
    WHERE push_id = NEW.push_id AND account_id = NEW.account_id;
    INSERT INTO push_cells (push_id, tier, unit_id, due_at)
    SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), t.due_at FROM push_targets t
    WHERE t.push_id = NEW.push_id AND t.account_id = NEW.account_id
    ON CONFLICT (push_id, tier, unit_id) DO NOTHING;
    UPDATE push_cells SET
        targeted = targeted + 1,
        reposted = reposted + (NEW.verdict IS 'reposted'),
        on_time = on_time + (NEW.verdict IS 'reposted' AND coalesce(NEW.first_seen_at <= due_at, 0)),
        unverified = unverified + coalesce(NEW.verdict IN ('blocked', 'unreadable', 'unreachable'), 0),
        delays = CASE WHEN NEW.verdict IS NOT 'reposted' THEN delays
            ELSE delays || CASE WHEN delays = '' THEN '' ELSE ',' END ||
                coalesce(unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id), 0) END,
        accounts = CASE WHEN NEW.verdict IS NOT 'reposted' THEN accounts
            ELSE accounts || CASE WHEN accounts = '' THEN '' ELSE ',' END || NEW.account_id END
    WHERE (push_id, tier, unit_id) = (SELECT t.push_id, t.tier, coalesce(t.unit_id, 0) FROM push_targets t
                                      WHERE t.push_id = NEW.push_id AND t.account_id = NEW.account_id);
END;

-- From one verdict that is not a repost to another: the unverified count follows. (Changes to
-- or from a repost recount the whole cell below.)
CREATE TRIGGER push_cells_unverified AFTER UPDATE OF verdict ON push_targets
WHEN OLD.verdict IS NOT 'reposted' AND NEW.verdict IS NOT 'reposted'
 AND coalesce(OLD.verdict IN ('blocked', 'unreadable', 'unreachable'), 0)
  <> coalesce(NEW.verdict IN ('blocked', 'unreadable', 'unreachable'), 0) BEGIN
    UPDATE push_cells SET unverified = unverified
        + CASE WHEN NEW.verdict IN ('blocked', 'unreadable', 'unreachable') THEN 1 ELSE -1 END
    WHERE push_id = NEW.push_id AND tier = NEW.tier AND unit_id = coalesce(NEW.unit_id, 0);
END;

-- A repost of a target the checker could not see before leaves the unverified count.
DROP TRIGGER push_cells_repost;
CREATE TRIGGER push_cells_repost AFTER UPDATE OF verdict, first_seen_at ON push_targets
WHEN OLD.verdict IS NOT 'reposted' AND NEW.verdict IS 'reposted' BEGIN
    UPDATE push_cells SET
        reposted = reposted + 1,
        on_time = on_time + coalesce(NEW.first_seen_at <= NEW.due_at, 0),
        unverified = unverified - coalesce(OLD.verdict IN ('blocked', 'unreadable', 'unreachable'), 0),
        delays = delays || CASE WHEN delays = '' THEN '' ELSE ',' END ||
            coalesce(unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id), 0),
        accounts = accounts || CASE WHEN accounts = '' THEN '' ELSE ',' END || NEW.account_id
    WHERE push_id = NEW.push_id AND tier = NEW.tier AND unit_id = coalesce(NEW.unit_id, 0);
END;

DROP TRIGGER push_cells_change;
CREATE TRIGGER push_cells_change AFTER UPDATE OF verdict, first_seen_at ON push_targets
WHEN NOT (OLD.verdict IS NOT 'reposted' AND NEW.verdict IS 'reposted')
 AND ((OLD.verdict IS 'reposted') <> (NEW.verdict IS 'reposted')
      OR (NEW.verdict IS 'reposted' AND OLD.first_seen_at IS NOT NEW.first_seen_at)) BEGIN
    DELETE FROM push_cells WHERE push_id = NEW.push_id AND tier = NEW.tier AND unit_id = coalesce(NEW.unit_id, 0);
    INSERT INTO push_cells (push_id, tier, unit_id, due_at, targeted, reposted, on_time, unverified, delays, accounts)
    SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), max(t.due_at), count(*),
           count(*) FILTER (WHERE t.verdict = 'reposted'),
           count(*) FILTER (WHERE t.verdict = 'reposted' AND t.first_seen_at <= t.due_at),
           count(*) FILTER (WHERE t.verdict IN ('blocked', 'unreadable', 'unreachable')),
           coalesce(group_concat(coalesce(unixepoch(t.first_seen_at) - unixepoch(p.created_at), 0)) FILTER (WHERE t.verdict = 'reposted'), ''),
           coalesce(group_concat(t.account_id) FILTER (WHERE t.verdict = 'reposted'), '')
    FROM push_targets t JOIN pushes p ON p.id = t.push_id
    WHERE t.push_id = NEW.push_id AND t.tier = NEW.tier AND coalesce(t.unit_id, 0) = coalesce(NEW.unit_id, 0)
    GROUP BY t.push_id, t.tier, coalesce(t.unit_id, 0);
END;

DROP TRIGGER push_cells_removed;
CREATE TRIGGER push_cells_removed AFTER DELETE ON push_targets BEGIN
    DELETE FROM push_cells WHERE push_id = OLD.push_id AND tier = OLD.tier AND unit_id = coalesce(OLD.unit_id, 0);
    INSERT INTO push_cells (push_id, tier, unit_id, due_at, targeted, reposted, on_time, unverified, delays, accounts)
    SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), max(t.due_at), count(*),
           count(*) FILTER (WHERE t.verdict = 'reposted'),
           count(*) FILTER (WHERE t.verdict = 'reposted' AND t.first_seen_at <= t.due_at),
           count(*) FILTER (WHERE t.verdict IN ('blocked', 'unreadable', 'unreachable')),
           coalesce(group_concat(coalesce(unixepoch(t.first_seen_at) - unixepoch(p.created_at), 0)) FILTER (WHERE t.verdict = 'reposted'), ''),
           coalesce(group_concat(t.account_id) FILTER (WHERE t.verdict = 'reposted'), '')
    FROM push_targets t JOIN pushes p ON p.id = t.push_id
    WHERE t.push_id = OLD.push_id AND t.tier = OLD.tier AND coalesce(t.unit_id, 0) = coalesce(OLD.unit_id, 0)
    GROUP BY t.push_id, t.tier, coalesce(t.unit_id, 0);
END;

-- 2. A verdict for pages that arrived but could not be read (script-only shells, login pages,
-- pages without items): `unreadable`. The CHECK constraint of push_targets.verdict is widened
-- in place (SQLite's procedure for changing CHECK constraints: rewrite the table's SQL under
-- writable_schema; the hook then raises schema_version). Every existing row satisfies the
-- wider constraint, so nothing needs rewriting. Last, so that no statement after it runs on the
-- schema as it was read before the edit.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''deleted'', ''unreachable'', ''unchecked'')',
                          '''deleted'', ''unreachable'', ''unreadable'', ''unchecked'')')
 WHERE type = 'table' AND name = 'push_targets';
PRAGMA writable_schema = OFF;
