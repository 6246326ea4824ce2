package dev.rocket.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workflow validation names the path of the faulty item: {@code steps[i].key}, {@code steps[i].actions[j].key}, {@code trigger.key}. */
class WorkflowParserTest {
    private static final ExpressionEngine ENGINE = new ExpressionEngine();

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** "field: message" of every detail of the 422. */
    private static List<String> problems(Map<String, Object> body) {
        try {
            WorkflowParser.parse(body, Schema.EMPTY, ENGINE);
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            List<String> out = new ArrayList<>();
            for (Map<String, Object> d : e.details()) {
                out.add(d.get("field") + ": " + d.get("message"));
            }
            return out;
        }
        throw new AssertionError("expected a 422 for " + body);
    }

    @Test
    void eachStepProblemNamesItsStepAndKey() {
        List<Object> steps = List.of(
                map("id", "check", "type", "condition", "expression", "context.amount >", "on_true", map("goto", "nowhere"),
                        "on_false", "end"),
                map("id", "ask", "type", "approval", "assignee", "manager", "timeout", "soon", "on_approve", 7),
                map("id", "act", "type", "action", "then", "end", "actions", List.of(
                        map("type", "set_field", "entity", "x", "record_id", "context.id", "field", "f", "value", 1),
                        map("type", "teleport"),
                        map("type", "webhook"))),
                map("id", "ask", "type", "approval"),
                map("type", "condition"),
                map("id", "odd", "type", "wait"),
                "not a step");
        List<String> p = problems(map("name", "w", "trigger", map("type", "state_change", "entity", "order", "field",
                "state", "to", "review"), "steps", steps));
        assertThat(p).contains(
                "steps[3].id: duplicate step id: ask",
                "steps[6]: steps[6] must be an object",
                "steps[0].on_true: goto target 'nowhere' references unknown step",
                "steps[1].assignee: assignee of step ask must be an object",
                "steps[1].timeout: invalid timeout of step ask: soon (e.g. 72h, 90m, 1h30m)",
                "steps[1].on_approve: invalid on_approve of step ask",
                "steps[2].actions[1].type: step act: invalid action type teleport (allowed: set_field, create_record, webhook, send_event)",
                "steps[2].actions[2].url: step act: webhook url is required",
                "steps[4].id: step id is required",
                "steps[5].type: invalid step type: wait (allowed: action, condition, approval)",
                "trigger.entity: trigger entity not found: order");
        assertThat(p).anySatisfy(s -> assertThat(s).startsWith("steps[0].expression: condition step check: invalid expression"));
        assertThat(p).noneMatch(s -> s.startsWith("steps: ") || s.startsWith("steps[2].actions[0]"));
    }

    @Test
    void aMissingListIsReportedUnderSteps() {
        assertThat(problems(map("name", "w", "trigger", map("type", "state_change"), "steps", List.of())))
                .containsExactly("trigger.entity: trigger entity is required", "steps: at least one step is required");
    }
}
