package dev.rocket.statemachine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The role check of a requested transition on its own, as run before the payload is validated. */
class TransitionRolesTest {
    private static final StateMachineDef MACHINE = new StateMachineDef("m1", "order", "status", true, "open", List.of(
            new StateMachineDef.Transition(List.of("open"), "approved", List.of("manager"), null, List.of()),
            new StateMachineDef.Transition(List.of("open"), "held", List.of(), null, List.of())), Map.of());
    private static final Map<String, Object> OPEN = Map.of("id", 1, "status", "open");
    private static final Caller CLERK = new Caller("u1", List.of("clerk"), false);

    private static void check(Map<String, Object> payload, Caller caller) {
        StateMachineEvaluator.requireTransitionRoles(List.of(MACHINE), payload, OPEN, caller);
    }

    @Test
    void aTransitionNeedingAnotherRoleIsForbiddenWhateverElseThePayloadHolds() {
        assertThatThrownBy(() -> check(Map.of("status", "approved", "qty", "not a number"), CLERK))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
    }

    @Test
    void everythingElseIsLeftToTheFullCheck() {
        assertThatCode(() -> check(Map.of("status", "approved"), new Caller("u2", List.of("Manager"), false)))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("status", "approved"), new Caller("u3", List.of("admin"), false)))
                .doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("status", "held"), CLERK)).doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("status", "open"), CLERK)).as("no change").doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("status", "nowhere"), CLERK)).as("invalid: 422 later").doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of("qty", 1), CLERK)).as("field absent").doesNotThrowAnyException();
    }
}
