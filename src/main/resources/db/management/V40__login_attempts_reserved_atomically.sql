-- Login throttling reserves an attempt before the password is checked: one row per throttle key
-- (e-mail and client address) holding the attempts of its current window, counted by a single
-- INSERT … ON CONFLICT DO UPDATE, so concurrent guesses on any number of nodes cannot all pass the
-- check. The earlier one-row-per-failure table only held throttling state, which may be dropped.
DROP TABLE _platform_login_failures;
CREATE TABLE _platform_login_failures (
    key_hash      TEXT PRIMARY KEY,
    attempts      INTEGER NOT NULL,
    window_start  TIMESTAMPTZ NOT NULL
);
CREATE INDEX idx_platform_login_failures_window ON _platform_login_failures (window_start);
