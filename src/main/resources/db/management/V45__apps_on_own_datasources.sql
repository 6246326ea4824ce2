-- Apps whose tables live in a database Rocket does not own: a data source of the container (JNDI name) or a
-- PostgreSQL JDBC URL, with its user and the name of the setting holding the password (never the password).
-- Rocket keeps such an app's tables in the schema named db_name of that database, and never creates or drops
-- the database. NULL datasource: the app has its own database db_name on the management server.
ALTER TABLE _apps
    ADD COLUMN datasource          TEXT,
    ADD COLUMN db_user             TEXT,
    ADD COLUMN db_password_setting TEXT;
