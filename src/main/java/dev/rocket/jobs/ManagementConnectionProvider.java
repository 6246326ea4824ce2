package dev.rocket.jobs;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from Rocket's management pool; the pool belongs to Rocket, not to Quartz.
 *
 * <p>The connections are shielded from thread interrupts: Quartz interrupts its own threads when it shuts
 * down, and a container's pool (WildFly's IronJacamar) then refuses every call on an interrupted thread
 * ("IJ031013: Interrupted attempting lock"), so the trigger Quartz was releasing at that moment stayed
 * acquired and the stop logged ERROR stack traces. Each JDBC call runs with the interrupt flag cleared, and
 * the flag is set again afterwards, so Quartz still sees it.
 */
final class ManagementConnectionProvider implements ConnectionProvider {
    private final DataSource dataSource;

    ManagementConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return shielded(dataSource.getConnection(), Connection.class);
    }

    /** {@code target} behind a proxy of {@code type}; statements, result sets etc. it returns are shielded too. */
    static <T> T shielded(T target, Class<T> type) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            boolean interrupted = Thread.interrupted();
            try {
                Object result = method.invoke(target, args);
                Class<?> returns = method.getReturnType();
                if (result != null && returns.isInterface() && "java.sql".equals(returns.getPackageName())) {
                    return shieldedAs(result, returns);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        return type.cast(proxy);
    }

    private static <T> T shieldedAs(Object target, Class<T> type) {
        return shielded(type.cast(target), type);
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
