-- Refresh-token rotation keeps redeemed tokens (used_at set) so that re-use is detected and revokes
-- the whole family; failed logins are counted for throttling.
ALTER TABLE _refresh_tokens ADD COLUMN used_at TIMESTAMPTZ;
CREATE INDEX idx_refresh_tokens_family ON _refresh_tokens (family);

CREATE TABLE _login_failures (
    key_hash   TEXT NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_login_failures_key ON _login_failures (key_hash, failed_at);
