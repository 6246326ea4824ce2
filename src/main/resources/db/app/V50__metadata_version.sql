-- The app's metadata version: one row, advanced in the same transaction as every change of a definition
-- table, on any node. A node compares it with the version its cached definitions were read at, so a write
-- can tell, inside its own transaction, that definitions changed elsewhere since (docs/deployment.md).
CREATE TABLE IF NOT EXISTS _rocket_metadata_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version  BIGINT NOT NULL
);
INSERT INTO _rocket_metadata_version (only_row, version) VALUES (TRUE, 1) ON CONFLICT DO NOTHING;

CREATE OR REPLACE FUNCTION _rocket_metadata_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE _rocket_metadata_version SET version = version + 1;
    RETURN NULL;
END $$;

DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['_entities', '_relations', '_rules', '_state_machines', '_workflows', '_permissions',
                             '_webhooks'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS _rocket_metadata_changed ON %I', t);
        EXECUTE format('CREATE TRIGGER _rocket_metadata_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION _rocket_metadata_changed()', t);
    END LOOP;
END $$;
