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
CREATE TRIGGER push_targets_launch AFTER INSERT ON push_targets BEGIN
    UPDATE push_targets SET
        unit_id = (SELECT a.unit_id FROM accounts a WHERE a.id = NEW.account_id),
        due_at = (SELECT json_extract(d.value, '$.due_at') FROM pushes p, json_each(p.deadlines) d
                  WHERE p.id = NEW.push_id AND json_extract(d.value, '$.tier') = NEW.tier),
        repost_seconds = CASE WHEN NEW.first_seen_at IS NOT NULL THEN
            unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id) END
    WHERE push_id = NEW.push_id AND account_id = NEW.account_id;
END;
CREATE TRIGGER push_targets_seen AFTER UPDATE OF first_seen_at ON push_targets
WHEN NEW.first_seen_at IS NOT OLD.first_seen_at BEGIN
    UPDATE push_targets SET repost_seconds = CASE WHEN NEW.first_seen_at IS NOT NULL THEN
        unixepoch(NEW.first_seen_at) - (SELECT unixepoch(p.created_at) FROM pushes p WHERE p.id = NEW.push_id) END
    WHERE push_id = NEW.push_id AND account_id = NEW.account_id;
END;
-- A push's targets by tier and unit with what coverage, deadlines and timeliness read.
CREATE INDEX push_targets_stats
    ON push_targets(push_id, tier, unit_id, verdict, due_at, first_seen_at, repost_seconds, account_id);

-- Pushes launched in a period.
CREATE INDEX pushes_by_created ON pushes(created_at);
-- Reposts confirmed in a period.
CREATE INDEX push_targets_by_first_seen ON push_targets(first_seen_at)
    WHERE first_seen_at IS NOT NULL;
-- Reminders sent in a period (timeline lines of action 'reminder').
CREATE INDEX case_timeline_by_action ON case_timeline(action, at);
