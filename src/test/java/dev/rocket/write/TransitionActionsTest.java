package dev.rocket.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State-machine actions performed after commit travel with the write event of their record. */
class TransitionActionsTest {

    @Test
    void actionIsAttachedToTheLatestEventOfItsRecord() {
        AuditLog audit = new AuditLog("u1");
        audit.created("order", 1, Map.of("id", 1, "state", "open"));
        audit.updated("order", 1, Map.of("id", 1, "state", "open"), Map.of("id", 1, "state", "done"));
        audit.created("line", 1, Map.of("id", 1));
        Map<String, Object> action = Map.of("type", "webhook", "url", "http://x", "from", "open", "to", "done");
        audit.attachTransitionAction("order", 1, action);
        List<WriteEvent> events = audit.events();
        assertThat(events.get(0).transitionActions()).isEmpty();
        assertThat(events.get(1).transitionActions()).containsExactly(action);
        assertThat(events.get(1).row()).containsEntry("state", "done");
        assertThat(events.get(2).transitionActions()).isEmpty();
    }

    @Test
    void eventsWithoutActionsHaveAnEmptyList() {
        assertThat(new WriteEvent("order", "delete", 1, null, Map.of("id", 1)).transitionActions()).isEmpty();
    }
}
