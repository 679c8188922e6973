-- What the checker reads for each account, resolved from the address the coordinator entered
-- (rules::sources): JSON of `Source`, NULL when nothing was entered or it cannot be resolved.
-- Filled for existing accounts by the migration's hook.
ALTER TABLE accounts ADD COLUMN source TEXT;

-- What the last 测试读取 of each account found (可核查): auto, people or failed, why, and when.
ALTER TABLE accounts ADD COLUMN checkable TEXT CHECK (checkable IN ('auto', 'people', 'failed'));
ALTER TABLE accounts ADD COLUMN checkable_reason TEXT;
ALTER TABLE accounts ADD COLUMN tested_at TEXT;
CREATE INDEX accounts_checkable ON accounts (checkable);
