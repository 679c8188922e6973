-- Minimal rumors, rebuttals and pushes for the repost checker, and its results.
CREATE TABLE rumors (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE rebuttals (
    id           INTEGER PRIMARY KEY,
    rumor_id     INTEGER NOT NULL REFERENCES rumors(id) ON DELETE RESTRICT,
    title        TEXT NOT NULL,
    content      TEXT NOT NULL DEFAULT '',
    url          TEXT,
    publisher    TEXT,
    published_at TEXT,
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE pushes (
    id          INTEGER PRIMARY KEY,
    rebuttal_id INTEGER NOT NULL REFERENCES rebuttals(id) ON DELETE RESTRICT,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'finished', 'cancelled')),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One row per (push, account): the current verdict and its evidence. The tier and watch URL
-- are copied at launch so later ledger edits do not rewrite a push's history.
CREATE TABLE push_targets (
    push_id       INTEGER NOT NULL REFERENCES pushes(id) ON DELETE CASCADE,
    account_id    INTEGER NOT NULL REFERENCES accounts(id) ON DELETE RESTRICT,
    tier          TEXT NOT NULL CHECK (tier IN ('main', 'auxiliary', 'allied')),
    watch_url     TEXT,
    verdict       TEXT CHECK (verdict IN ('reposted', 'not_found', 'rumor_reposted', 'blocked', 'deleted', 'unreachable', 'unchecked')),
    evidence      TEXT,              -- JSON Evidence of the current verdict
    first_seen_at TEXT,              -- when the repost was first seen
    checked_at    TEXT,
    -- what this push last evaluated of the account's page, for conditional requests
    etag          TEXT,
    last_modified TEXT,
    content_hash  TEXT,
    PRIMARY KEY (push_id, account_id)
);
CREATE INDEX push_targets_by_account ON push_targets(account_id);

-- Every check of every target, append only.
CREATE TABLE check_attempts (
    id          INTEGER PRIMARY KEY,
    push_id     INTEGER NOT NULL,
    account_id  INTEGER NOT NULL,
    at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    verdict     TEXT NOT NULL,
    http_status INTEGER,
    duration_ms INTEGER,
    evidence    TEXT,
    FOREIGN KEY (push_id, account_id) REFERENCES push_targets(push_id, account_id) ON DELETE CASCADE
);
CREATE INDEX check_attempts_by_target ON check_attempts(push_id, account_id, at);
