-- State-machine `webhook` actions (fire-and-forget and not logged, see docs/state-machines.md) are recorded in
-- the write's own transaction and deleted once sent, so a crash between COMMIT and the send loses none. A row still here
-- at due_at was left behind (the node died, or its sender queue was full): the retry task sends it once.
CREATE TABLE _transition_outbox (
    id         UUID PRIMARY KEY,
    method     TEXT NOT NULL,
    url        TEXT NOT NULL,
    headers    JSONB NOT NULL DEFAULT '{}',
    body       TEXT,
    due_at     TIMESTAMPTZ NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_transition_outbox_due ON _transition_outbox (due_at);
