-- Pushes from the case workflow: per-tier deadlines, the notice, monitoring; group bots and
-- their delivery log; the events that raised a desktop notification (each raised once).
ALTER TABLE pushes ADD COLUMN deadlines TEXT NOT NULL DEFAULT '[]';  -- JSON [TierDeadline]
ALTER TABLE pushes ADD COLUMN notice TEXT NOT NULL DEFAULT '';
ALTER TABLE pushes ADD COLUMN finished_at TEXT;
ALTER TABLE pushes ADD COLUMN stopped_reason TEXT;
ALTER TABLE pushes ADD COLUMN last_sweep_at TEXT;
ALTER TABLE pushes ADD COLUMN last_reminder_at TEXT;
CREATE INDEX pushes_by_status ON pushes(status);
CREATE INDEX pushes_by_rebuttal ON pushes(rebuttal_id);

-- Who confirmed a target by hand, and why (group chats the checker cannot read).
ALTER TABLE push_targets ADD COLUMN manual_by TEXT;
ALTER TABLE push_targets ADD COLUMN manual_note TEXT;

CREATE TABLE bots (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'feishu')),
    webhook    TEXT NOT NULL,
    secret     TEXT,
    tiers      TEXT NOT NULL DEFAULT '[]',   -- JSON [Tier]; empty = every tier
    units      TEXT NOT NULL DEFAULT '[]',   -- JSON [unit name]; empty = every unit
    enabled    INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Every message sent (or attempted) to a bot, append only.
CREATE TABLE bot_deliveries (
    id          INTEGER PRIMARY KEY,
    bot_id      INTEGER NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
    push_id     INTEGER REFERENCES pushes(id) ON DELETE SET NULL,
    purpose     TEXT NOT NULL CHECK (purpose IN ('notice', 'reminder', 'test')),
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1)),
    parts       INTEGER NOT NULL DEFAULT 1,
    attempts    INTEGER NOT NULL DEFAULT 1,
    http_status INTEGER,
    error       TEXT,
    text        TEXT NOT NULL
);
CREATE INDEX bot_deliveries_by_push ON bot_deliveries(push_id, at);

-- Events already raised, so that a notification is shown once per push, kind and subject.
CREATE TABLE push_events (
    push_id    INTEGER NOT NULL REFERENCES pushes(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,   -- the tier's code or the account's id
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (push_id, kind, subject)
);
