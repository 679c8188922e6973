-- Statistics and the dashboard: indexes for the questions they ask by time, and a few facts
-- kept up to date on write (by triggers, whoever writes) so that a year's figures are read from
-- narrow indexes instead of recomputed row by row. The hook that follows this file rewrites the
-- full-text index (each run of Chinese text now also ends with its last character alone).

-- A case's rebuttals (the case page, the full-text index).
CREATE INDEX rebuttals_by_rumor ON rebuttals(rumor_id, id);

-- When a case's first rebuttal was published: local text, from the rebuttal's publication time
-- or, without one, when it was recorded (UTC + 8 h).
ALTER TABLE rumors ADD COLUMN first_rebuttal_at TEXT;
UPDATE rumors SET first_rebuttal_at = (
    SELECT min(COALESCE(b.published_at, datetime(b.created_at, '+8 hours')))
    FROM rebuttals b WHERE b.rumor_id = rumors.id);
CREATE TRIGGER rebuttals_first_insert AFTER INSERT ON rebuttals BEGIN
    UPDATE rumors SET first_rebuttal_at = (
        SELECT min(COALESCE(b.published_at, datetime(b.created_at, '+8 hours')))
        FROM rebuttals b WHERE b.rumor_id = NEW.rumor_id)
    WHERE id = NEW.rumor_id;
END;
CREATE TRIGGER rebuttals_first_update AFTER UPDATE OF rumor_id, published_at, created_at ON rebuttals BEGIN
    UPDATE rumors SET first_rebuttal_at = (
        SELECT min(COALESCE(b.published_at, datetime(b.created_at, '+8 hours')))
        FROM rebuttals b WHERE b.rumor_id = rumors.id)
    WHERE id IN (OLD.rumor_id, NEW.rumor_id);
END;
CREATE TRIGGER rebuttals_first_delete AFTER DELETE ON rebuttals BEGIN
    UPDATE rumors SET first_rebuttal_at = (
        SELECT min(COALESCE(b.published_at, datetime(b.created_at, '+8 hours')))
        FROM rebuttals b WHERE b.rumor_id = OLD.rumor_id)
    WHERE id = OLD.rumor_id;
END;
-- Cases recorded in a period, with everything the period's case figures read.
CREATE INDEX rumors_stats ON rumors(created_at, status, source, level, first_seen_at, first_rebuttal_at);
-- Cases whose first rebuttal was published in a period.
CREATE INDEX rumors_by_first_rebuttal ON rumors(first_rebuttal_at) WHERE first_rebuttal_at IS NOT NULL;

-- Per target, copied when the push is launched like its tier: the account's unit then and the
-- tier's deadline in this push; and, once the repost is first seen, the seconds since launch.
ALTER TABLE push_targets ADD COLUMN unit_id INTEGER;
ALTER TABLE push_targets ADD COLUMN due_at TEXT;
ALTER TABLE push_targets ADD COLUMN repost_seconds INTEGER;
UPDATE push_targets SET
    unit_id = (SELECT a.unit_id FROM accounts a WHERE a.id = push_targets.account_id),
    due_at = (SELECT json_extract(d.value, '$.due_at') FROM pushes p, json_each(p.deadlines) d
              WHERE p.id = push_targets.push_id AND json_extract(d.value, '$.tier') = push_targets.tier),
    repost_seconds = CASE WHEN first_seen_at IS NOT NULL THEN
        unixepoch(first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = push_targets.push_id) END;
-- A push's targets by tier and unit (drill-downs).
CREATE INDEX push_targets_stats
    ON push_targets(push_id, tier, unit_id, verdict, due_at, first_seen_at, repost_seconds, account_id);

-- Coverage of each push per tier and unit, kept by the triggers below: what a year's
-- statistics read instead of every target. unit_id 0 = accounts without a unit.
CREATE TABLE push_cells (
    push_id  INTEGER NOT NULL REFERENCES pushes(id) ON DELETE CASCADE,
    tier     TEXT NOT NULL,
    unit_id  INTEGER NOT NULL,
    due_at   TEXT,                        -- the tier's deadline in this push
    targeted INTEGER NOT NULL DEFAULT 0,
    reposted INTEGER NOT NULL DEFAULT 0,
    on_time  INTEGER NOT NULL DEFAULT 0,  -- reposted and first seen by due_at
    delays   TEXT NOT NULL DEFAULT '',    -- seconds from launch to each repost: "600,1800"
    accounts TEXT NOT NULL DEFAULT '',    -- the reposting accounts, in the same order
    PRIMARY KEY (push_id, tier, unit_id)
) WITHOUT ROWID;
INSERT INTO push_cells (push_id, tier, unit_id, due_at, targeted, reposted, on_time, delays, accounts)
SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), max(t.due_at), count(*),
       count(*) FILTER (WHERE t.verdict = 'reposted'),
       count(*) FILTER (WHERE t.verdict = 'reposted' AND t.first_seen_at <= t.due_at),
       coalesce(group_concat(coalesce(unixepoch(t.first_seen_at) - unixepoch(p.created_at), 0)) FILTER (WHERE t.verdict = 'reposted'), ''),
       coalesce(group_concat(t.account_id) FILTER (WHERE t.verdict = 'reposted'), '')
FROM push_targets t JOIN pushes p ON p.id = t.push_id
GROUP BY t.push_id, t.tier, coalesce(t.unit_id, 0);

-- A new target: its unit and deadline, then it counts in its cell. (Only this trigger writes
-- unit_id and due_at; the triggers on verdict and first_seen_at below ignore those columns.)
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
        delays = CASE WHEN NEW.verdict IS NOT 'reposted' THEN delays
            ELSE delays || CASE WHEN delays = '' THEN '' ELSE ',' END ||
                coalesce(unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id), 0) END,
        accounts = CASE WHEN NEW.verdict IS NOT 'reposted' THEN accounts
            ELSE accounts || CASE WHEN accounts = '' THEN '' ELSE ',' END || NEW.account_id END
    WHERE (push_id, tier, unit_id) = (SELECT t.push_id, t.tier, coalesce(t.unit_id, 0) FROM push_targets t
                                      WHERE t.push_id = NEW.push_id AND t.account_id = NEW.account_id);
END;
CREATE TRIGGER push_targets_seen AFTER UPDATE OF first_seen_at ON push_targets
WHEN NEW.first_seen_at IS NOT OLD.first_seen_at BEGIN
    UPDATE push_targets SET repost_seconds = CASE WHEN NEW.first_seen_at IS NOT NULL THEN
        unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id) END
    WHERE push_id = NEW.push_id AND account_id = NEW.account_id;
END;
-- A target that reposts is appended to its cell (the checker's everyday write).
CREATE TRIGGER push_cells_repost AFTER UPDATE OF verdict, first_seen_at ON push_targets
WHEN OLD.verdict IS NOT 'reposted' AND NEW.verdict IS 'reposted' BEGIN
    UPDATE push_cells SET
        reposted = reposted + 1,
        on_time = on_time + coalesce(NEW.first_seen_at <= NEW.due_at, 0),
        delays = delays || CASE WHEN delays = '' THEN '' ELSE ',' END ||
            coalesce(unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id), 0),
        accounts = accounts || CASE WHEN accounts = '' THEN '' ELSE ',' END || NEW.account_id
    WHERE push_id = NEW.push_id AND tier = NEW.tier AND unit_id = coalesce(NEW.unit_id, 0);
END;
-- Anything else that changes a cell (a repost withdrawn, a first sighting moved) or a target
-- removed: the cell is counted again from its targets.
CREATE TRIGGER push_cells_change AFTER UPDATE OF verdict, first_seen_at ON push_targets
WHEN NOT (OLD.verdict IS NOT 'reposted' AND NEW.verdict IS 'reposted')
 AND ((OLD.verdict IS 'reposted') <> (NEW.verdict IS 'reposted')
      OR (NEW.verdict IS 'reposted' AND OLD.first_seen_at IS NOT NEW.first_seen_at)) BEGIN
    DELETE FROM push_cells WHERE push_id = NEW.push_id AND tier = NEW.tier AND unit_id = coalesce(NEW.unit_id, 0);
    INSERT INTO push_cells (push_id, tier, unit_id, due_at, targeted, reposted, on_time, delays, accounts)
    SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), max(t.due_at), count(*),
           count(*) FILTER (WHERE t.verdict = 'reposted'),
           count(*) FILTER (WHERE t.verdict = 'reposted' AND t.first_seen_at <= t.due_at),
           coalesce(group_concat(coalesce(unixepoch(t.first_seen_at) - unixepoch(p.created_at), 0)) FILTER (WHERE t.verdict = 'reposted'), ''),
           coalesce(group_concat(t.account_id) FILTER (WHERE t.verdict = 'reposted'), '')
    FROM push_targets t JOIN pushes p ON p.id = t.push_id
    WHERE t.push_id = NEW.push_id AND t.tier = NEW.tier AND coalesce(t.unit_id, 0) = coalesce(NEW.unit_id, 0)
    GROUP BY t.push_id, t.tier, coalesce(t.unit_id, 0);
END;
CREATE TRIGGER push_cells_removed AFTER DELETE ON push_targets BEGIN
    DELETE FROM push_cells WHERE push_id = OLD.push_id AND tier = OLD.tier AND unit_id = coalesce(OLD.unit_id, 0);
    INSERT INTO push_cells (push_id, tier, unit_id, due_at, targeted, reposted, on_time, delays, accounts)
    SELECT t.push_id, t.tier, coalesce(t.unit_id, 0), max(t.due_at), count(*),
           count(*) FILTER (WHERE t.verdict = 'reposted'),
           count(*) FILTER (WHERE t.verdict = 'reposted' AND t.first_seen_at <= t.due_at),
           coalesce(group_concat(coalesce(unixepoch(t.first_seen_at) - unixepoch(p.created_at), 0)) FILTER (WHERE t.verdict = 'reposted'), ''),
           coalesce(group_concat(t.account_id) FILTER (WHERE t.verdict = 'reposted'), '')
    FROM push_targets t JOIN pushes p ON p.id = t.push_id
    WHERE t.push_id = OLD.push_id AND t.tier = OLD.tier AND coalesce(t.unit_id, 0) = coalesce(OLD.unit_id, 0)
    GROUP BY t.push_id, t.tier, coalesce(t.unit_id, 0);
END;

-- Pushes launched in a period.
CREATE INDEX pushes_by_created ON pushes(created_at);
-- Reposts confirmed in a period.
CREATE INDEX push_targets_by_first_seen ON push_targets(first_seen_at)
    WHERE first_seen_at IS NOT NULL;
-- Reminders sent in a period (timeline lines of action 'reminder').
CREATE INDEX case_timeline_by_action ON case_timeline(action, at);
