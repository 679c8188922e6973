-- What the checker reads for each account, resolved from the address the coordinator entered
-- (rules::sources): JSON of `Source`, NULL when nothing was entered or it cannot be resolved.
-- Filled for existing accounts by the migration's hook.
ALTER TABLE accounts ADD COLUMN source TEXT;
