-- Which apps have background work (webhook retries, workflow timeouts, left-behind transition calls) so that
-- scheduled tasks visit only those instead of opening every app's pool.
--   next_work_at: the earliest time work may be due, as last computed from the app's own tables (NULL: none)
--   in_use_until: a node served requests of the app recently (lease renewed while it does); requests may have
--                 created work, so the tasks visit the app until the lease has run out
-- Existing apps are visited once, which computes their next_work_at.
ALTER TABLE _apps ADD COLUMN next_work_at TIMESTAMPTZ, ADD COLUMN in_use_until TIMESTAMPTZ;
UPDATE _apps SET next_work_at = NOW();
CREATE INDEX idx_apps_next_work_at ON _apps (next_work_at);
