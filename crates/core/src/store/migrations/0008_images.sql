-- Screenshots people sent as evidence of a repost, content-addressed: one row per distinct
-- image (BLAKE3 of its bytes), kept in the database so that every backup and restore carries
-- them with the records that cite them.
CREATE TABLE evidence_images (
    hash      TEXT PRIMARY KEY,
    format    TEXT NOT NULL CHECK (format IN ('png', 'jpeg', 'webp')),
    width     INTEGER NOT NULL,
    height    INTEGER NOT NULL,
    size      INTEGER NOT NULL,
    bytes     BLOB NOT NULL,
    added_at  TEXT NOT NULL
);

-- Which screenshot confirmed which target of a push: the file's name as given, the text
-- recognised in it, who confirmed it and when.
CREATE TABLE target_images (
    push_id       INTEGER NOT NULL,
    account_id    INTEGER NOT NULL,
    hash          TEXT NOT NULL REFERENCES evidence_images(hash),
    file_name     TEXT,
    ocr_text      TEXT NOT NULL,
    confirmed_by  TEXT NOT NULL,
    confirmed_at  TEXT NOT NULL,
    PRIMARY KEY (push_id, account_id, hash),
    FOREIGN KEY (push_id, account_id) REFERENCES push_targets(push_id, account_id) ON DELETE CASCADE
);
CREATE INDEX target_images_by_hash ON target_images (hash);
