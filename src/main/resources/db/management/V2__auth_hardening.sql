ALTER TABLE _platform_refresh_tokens ADD COLUMN used_at TIMESTAMPTZ;
CREATE INDEX idx_platform_refresh_tokens_family ON _platform_refresh_tokens (family);

CREATE TABLE _platform_login_failures (
    key_hash   TEXT NOT NULL,
    failed_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_platform_login_failures_key ON _platform_login_failures (key_hash, failed_at);
