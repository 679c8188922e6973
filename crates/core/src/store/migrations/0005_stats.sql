-- Statistics and the dashboard: indexes for the questions they ask by time.

-- A case's rebuttals (the case page, timeliness: the first rebuttal of a case).
CREATE INDEX rebuttals_by_rumor ON rebuttals(rumor_id, id);
-- When a rebuttal counts as published: its local publication time, else when it was recorded
-- (UTC + 8 h, as local text). The store queries exactly this expression.
CREATE INDEX rebuttals_by_published
    ON rebuttals(COALESCE(published_at, datetime(created_at, '+8 hours')));
-- Pushes launched in a period.
CREATE INDEX pushes_by_created ON pushes(created_at);
-- Reposts confirmed in a period.
CREATE INDEX push_targets_by_first_seen ON push_targets(first_seen_at)
    WHERE first_seen_at IS NOT NULL;
-- Reminders sent in a period (timeline lines of action 'reminder').
CREATE INDEX case_timeline_by_action ON case_timeline(action, at);
