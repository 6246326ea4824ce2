package dev.rocket.db;

/**
 * Where an app's tables live when the app does not get a database of its own (created by Rocket on the
 * management server): a data source the container provides under a JNDI name, or a PostgreSQL JDBC URL
 * (with a user and the name of the setting that holds its password; the password itself is never stored).
 * Either way Rocket keeps the app's tables in a schema of its own, {@code schema}, and never creates or
 * drops the database.
 */
public record AppSource(String datasource, String user, String passwordSetting, String schema) {

    public boolean isJndi() {
        return !datasource.startsWith("jdbc:");
    }
}
