-- Rumor cases: intake, assessment, assignment, workflow, feedback, archive; an append-only
-- timeline; the office's rules; and a bigram full-text index for Chinese substring search.
ALTER TABLE rumors ADD COLUMN platform TEXT;
ALTER TABLE rumors ADD COLUMN urls TEXT NOT NULL DEFAULT '[]';
-- Local time "YYYY-MM-DD HH:MM:SS", as the office reads clocks.
ALTER TABLE rumors ADD COLUMN first_seen_at TEXT;
ALTER TABLE rumors ADD COLUMN source TEXT NOT NULL DEFAULT 'patrol';
ALTER TABLE rumors ADD COLUMN reporter_name TEXT;
ALTER TABLE rumors ADD COLUMN reporter_contact TEXT;
ALTER TABLE rumors ADD COLUMN status TEXT NOT NULL DEFAULT 'new';
ALTER TABLE rumors ADD COLUMN severity INTEGER;
ALTER TABLE rumors ADD COLUMN controllability INTEGER;
ALTER TABLE rumors ADD COLUMN influence INTEGER;
ALTER TABLE rumors ADD COLUMN level TEXT;
ALTER TABLE rumors ADD COLUMN deadlines TEXT;
-- Local time, like first_seen_at.
ALTER TABLE rumors ADD COLUMN rebuttal_due_at TEXT;
ALTER TABLE rumors ADD COLUMN lead_unit_id INTEGER REFERENCES units(id);
ALTER TABLE rumors ADD COLUMN assignment_note TEXT;
ALTER TABLE rumors ADD COLUMN feedback TEXT;
ALTER TABLE rumors ADD COLUMN feedback_at TEXT;
ALTER TABLE rumors ADD COLUMN summary TEXT;
ALTER TABLE rumors ADD COLUMN archived_at TEXT;
ALTER TABLE rumors ADD COLUMN merged_into INTEGER REFERENCES rumors(id);
ALTER TABLE rumors ADD COLUMN updated_at TEXT;

CREATE INDEX rumors_by_status ON rumors(status);
CREATE INDEX rumors_by_created ON rumors(created_at);

CREATE TABLE case_co_units (
    rumor_id INTEGER NOT NULL REFERENCES rumors(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (rumor_id, unit_id)
);

CREATE TABLE case_timeline (
    id       INTEGER PRIMARY KEY,
    rumor_id INTEGER NOT NULL REFERENCES rumors(id),
    at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    detail   TEXT NOT NULL
);
CREATE INDEX case_timeline_by_case ON case_timeline(rumor_id, id);
CREATE TRIGGER case_timeline_no_update BEFORE UPDATE ON case_timeline
BEGIN SELECT RAISE(ABORT, 'case timeline is append-only'); END;
CREATE TRIGGER case_timeline_no_delete BEFORE DELETE ON case_timeline
BEGIN SELECT RAISE(ABORT, 'case timeline is append-only'); END;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE subject_rules (
    id      INTEGER PRIMARY KEY,
    word    TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL
);

CREATE TABLE unit_subjects (
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    PRIMARY KEY (unit_id, subject)
);

-- Text of each case as space-separated character bigrams (and ASCII words), so that a phrase
-- query of bigrams finds any Chinese substring of two characters or more.
CREATE VIRTUAL TABLE case_fts USING fts5(body, tokenize = 'unicode61');
