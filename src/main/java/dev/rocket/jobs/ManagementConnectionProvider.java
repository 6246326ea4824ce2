package dev.rocket.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from Rocket's management pool; the pool belongs to Rocket, not to Quartz. */
final class ManagementConnectionProvider implements ConnectionProvider {
    private final DataSource dataSource;

    ManagementConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // Rocket closes its pool itself
    }

    @Override
    public void initialize() {
        // nothing to set up
    }
}
