package dev.rocket.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link LazyPool}: closed as idle it opens again on the next use; closed for good it never does. And the pool
 * threads of {@link PoolThreads} have all ended once their pools are closed.
 */
class LazyPoolTest {
    private final PoolThreads threads = new PoolThreads();
    private final List<Pool> opened = new ArrayList<>();

    private Pool open() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none"); // never connected: no connection is asked for
        cfg.setMaximumPoolSize(2);
        cfg.setMinimumIdle(0);
        cfg.setInitializationFailTimeout(-1);
        cfg.setPoolName("lazy-test");
        cfg.setThreadFactory(threads.forPool("lazy-test"));
        Pool p = new Pool(cfg);
        opened.add(p);
        return p;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(Pool::close);
    }

    @Test
    void aPoolClosedAsIdleOpensAgainOnTheNextUse() {
        LazyPool lazy = new LazyPool(this::open, () -> { }, () -> new IllegalStateException("closed"));
        Pool first = lazy.pool();
        assertThat(lazy.closeIfIdle(false)).isTrue();
        assertThat(first.isClosed()).isTrue();
        Pool second = lazy.pool();
        assertThat(second).isNotSameAs(first);
        assertThat(second.isClosed()).isFalse();
        assertThat(opened).hasSize(2);
    }

    @Test
    void aPoolClosedForGoodNeverOpensAgain() {
        LazyPool lazy = new LazyPool(this::open, () -> { }, () -> new IllegalStateException("app gone"));
        Pool p = lazy.pool();
        lazy.close();
        assertThat(p.isClosed()).isTrue();
        assertThatThrownBy(lazy::pool).isInstanceOf(IllegalStateException.class).hasMessage("app gone");
        assertThatThrownBy(lazy::getConnection).isInstanceOf(IllegalStateException.class).hasMessage("app gone");
        assertThat(lazy.closeIfIdle(false)).isFalse();
        assertThat(lazy.isOpen()).isFalse();
        assertThat(opened).hasSize(1);
    }

    @Test
    void poolThreadsHaveEndedOnceThePoolsAreClosed() {
        LazyPool lazy = new LazyPool(this::open, () -> { }, () -> new IllegalStateException("closed"));
        lazy.pool();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().startsWith("lazy-test-"));
        lazy.close();
        assertThat(threads.awaitEnd(Duration.ofSeconds(10))).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("lazy-test-"));
    }
}
