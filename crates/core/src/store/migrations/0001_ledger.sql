-- The ledger (台账): units, territories with their place names, and matrix accounts.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('department', 'town', 'media')),
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE territories (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    -- the town's or street's own government unit, when the directory knows it
    unit_id    INTEGER REFERENCES units(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE territory_places (
    territory_id INTEGER NOT NULL REFERENCES territories(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    PRIMARY KEY (territory_id, name)
);

CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    platform     TEXT NOT NULL CHECK (platform IN ('wechat', 'weibo', 'toutiao', 'douyin', 'website', 'group_chat', 'other')),
    tier         TEXT NOT NULL CHECK (tier IN ('main', 'auxiliary', 'allied')),
    unit_id      INTEGER REFERENCES units(id) ON DELETE RESTRICT,
    territory_id INTEGER REFERENCES territories(id) ON DELETE RESTRICT,
    watch_url    TEXT,
    contact      TEXT,
    notes        TEXT,
    active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (platform, name)
);

CREATE INDEX accounts_by_tier ON accounts(tier);
CREATE INDEX accounts_by_unit ON accounts(unit_id);
CREATE INDEX accounts_by_territory ON accounts(territory_id);
