package dev.rocket.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The physical connections of an app pool (HikariCP's {@code dataSource}): each takes a permit of the
 * node's {@link ConnectionBudget} before it is opened and gives it back when HikariCP closes or aborts it.
 */
final class BudgetedConnections implements DataSource {
    private final String url;
    private final Properties properties;
    private final ConnectionBudget budget;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    BudgetedConnections(String url, Properties properties, ConnectionBudget budget) {
        this.url = url;
        this.properties = properties;
        this.budget = budget;
    }

    @Override
    public Connection getConnection() throws SQLException {
        budget.acquire();
        Connection c;
        try {
            c = driver.connect(url, properties);
            if (c == null) {
                throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
            }
        } catch (SQLException | RuntimeException e) {
            budget.release();
            throw e;
        }
        return new BudgetedConnection(c, budget);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the pool's settings");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        properties.setProperty("loginTimeout", Integer.toString(seconds));
    }

    @Override
    public int getLoginTimeout() {
        return Integer.parseInt(properties.getProperty("loginTimeout", "0"));
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
