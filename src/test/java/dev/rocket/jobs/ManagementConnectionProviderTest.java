package dev.rocket.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quartz's JDBC calls run with the interrupt flag cleared (as a container pool needs), and get it back after. */
class ManagementConnectionProviderTest {
    /** What the wrapped objects saw: the interrupt flag at each call, by method name. */
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    /** Like IronJacamar: a call on an interrupted thread fails. */
    private <T> T refusingWhenInterrupted(Class<T> type, Object returned) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            seen.add(m.getName() + ":" + Thread.currentThread().isInterrupted());
            if (Thread.currentThread().isInterrupted()) {
                throw new SQLException("IJ031013: Interrupted attempting lock");
            }
            return m.getReturnType() == boolean.class ? Boolean.FALSE : m.getReturnType() == void.class ? null : returned;
        }));
    }

    @Test
    void callsOnAnInterruptedThreadGoThroughAndTheFlagIsKept() throws SQLException {
        Statement statement = refusingWhenInterrupted(Statement.class, null);
        Connection connection = refusingWhenInterrupted(Connection.class, statement);
        Connection shielded = ManagementConnectionProvider.shielded(connection, Connection.class);

        Thread.currentThread().interrupt();
        shielded.setAutoCommit(false);
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
        Statement st = shielded.createStatement();
        st.execute("SELECT 1");
        shielded.rollback();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(seen).containsExactly("setAutoCommit:false", "createStatement:false", "execute:false",
                "rollback:false");
        assertThat(Proxy.isProxyClass(st.getClass())).isTrue();
    }

    @Test
    void aThreadThatWasNotInterruptedStaysSo() throws SQLException {
        Connection shielded = ManagementConnectionProvider.shielded(
                refusingWhenInterrupted(Connection.class, null), Connection.class);
        shielded.commit();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(seen).containsExactly("commit:false");
    }
}
