package dev.rocket.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The node's cap on app connections: permits, reclaiming idle pools, failing as a connection-wait timeout. */
class ConnectionBudgetTest {

    @Test
    void permitsAreTakenAndGivenBack() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(2, 50);
        budget.acquire();
        budget.acquire();
        assertThat(budget.available()).isZero();
        budget.release();
        assertThat(budget.available()).isEqualTo(1);
        budget.acquire();
        assertThat(budget.available()).isZero();
    }

    @Test
    void whenNoneIsLeftAnIdlePoolIsClosedToMakeRoom() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(1, 50);
        budget.acquire();
        AtomicInteger closed = new AtomicInteger();
        budget.reclaimWith(() -> {
            closed.incrementAndGet();
            budget.release(); // closing that pool closed its connection
            return true;
        });
        budget.acquire();
        assertThat(closed).hasValue(1);
        assertThat(budget.available()).isZero();
    }

    @Test
    void withNothingToCloseTheOpeningFailsAsTooManyConnections() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(1, 50);
        budget.acquire();
        AtomicInteger asked = new AtomicInteger();
        budget.reclaimWith(() -> {
            asked.incrementAndGet();
            return false;
        });
        assertThatThrownBy(budget::acquire).isInstanceOf(SQLTransientConnectionException.class)
                .hasMessageContaining("ROCKET_MAX_CONNECTIONS")
                .extracting(e -> ((SQLTransientConnectionException) e).getSQLState()).isEqualTo("53300");
        assertThat(asked.get()).isPositive();
        assertThat(budget.available()).isZero();
    }

    @Test
    void aPermitGivenBackWhileWaitingIsTaken() throws Exception {
        ConnectionBudget budget = new ConnectionBudget(1, 5_000);
        budget.acquire();
        Thread releaser = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            budget.release();
        });
        releaser.start();
        budget.acquire();
        releaser.join();
        assertThat(budget.available()).isZero();
    }

    @Test
    void theDefaultCapLeavesRoomForTheServersOtherClients() {
        // PostgreSQL's defaults: 100 connections, 3 reserved for superusers
        assertThat(ConnectionBudget.defaultCap(100, 3)).isEqualTo(78);
        assertThat(ConnectionBudget.defaultCap(500, 3)).isEqualTo(398);
        assertThat(ConnectionBudget.defaultCap(20, 3)).isEqualTo(7);
    }
}
