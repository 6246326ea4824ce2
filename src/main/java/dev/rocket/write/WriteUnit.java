package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.metadata.Registry;
import dev.rocket.tenancy.AppContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One attempt of a write transaction, as the {@link WriteListener}s see it: the app, its registry and the caller,
 * the records written (in write order), and whatever a listener keeps for its after-commit work (an attachment
 * per type). A new unit is made for every attempt, inside the retried work, so an attempt that is rolled back and
 * run again leaves nothing behind in the next one; only the committed attempt's unit reaches
 * {@link WriteListener#afterCommit}. Used by one thread at a time.
 */
public final class WriteUnit {
    private final AppContext app;
    private final Registry registry;
    private final Caller caller;
    private final List<WriteEvent> events = new ArrayList<>();
    private final Map<Class<?>, Object> attachments = new HashMap<>();

    public WriteUnit(AppContext app, Registry registry, Caller caller) {
        this.app = app;
        this.registry = registry;
        this.caller = caller;
    }

    public AppContext app() {
        return app;
    }

    public Registry registry() {
        return registry;
    }

    public Caller caller() {
        return caller;
    }

    /** The records written in this attempt, in write order. */
    public List<WriteEvent> events() {
        return Collections.unmodifiableList(events);
    }

    void addEvents(List<WriteEvent> written) {
        events.addAll(written);
    }

    /** A listener's state for this attempt, made on first use. */
    public <T> T attachment(Class<T> type, Supplier<T> create) {
        return type.cast(attachments.computeIfAbsent(type, k -> create.get()));
    }

    /** A listener's state for this attempt, or null when it made none. */
    public <T> T attachment(Class<T> type) {
        return type.cast(attachments.get(type));
    }
}
