-- Workflow work that happens after a commit, recorded in the committing transaction so that a node dying right
-- after COMMIT loses none of it:
--   kind 'start': a write changed a field to a workflow's trigger value. Taking the row (deleting it) creates the
--                 instance with this context and runs it, in one transaction: an instance per row, at most one.
--   kind 'call':  an instance reached a workflow `webhook` action (`step`, index `action` among its actions). The
--                 HTTP call is made with no transaction open; then the row is deleted and the instance continues,
--                 in one transaction.
-- The node that wrote a row takes it right after its commit; a row still here at due_at was left behind (the
-- node died, or its queue was full) and the retry task takes it. `claims` counts the takers of a call row, so
-- that only the outcome of its last taker is recorded.
CREATE TABLE _workflow_outbox (
    id          UUID PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('start', 'call')),
    workflow_id UUID NOT NULL REFERENCES _workflows (id) ON DELETE CASCADE,
    context     JSONB,
    instance_id UUID REFERENCES _workflow_instances (id) ON DELETE CASCADE,
    step        TEXT,
    action      INT,
    claims      INT NOT NULL DEFAULT 0,
    due_at      TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_workflow_outbox_due ON _workflow_outbox (due_at);
