package dev.rocket.workflow;

import dev.rocket.expr.CompiledExpression;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A workflow (docs/workflows.md), validated: steps by id, gotos resolved to a step id or {@code null} (= end). */
public record WorkflowDef(String id, String name, boolean active, String entity, String field, String to,
                          Map<String, Object> context, List<Step> steps, Map<String, Object> trigger,
                          List<Map<String, Object>> stepsJson) {

    public Step step(String stepId) {
        for (Step s : steps) {
            if (s.id().equals(stepId)) {
                return s;
            }
        }
        return null;
    }

    /** One step; the goto fields hold a step id or null for "end". */
    public record Step(String id, StepType type, List<Map<String, Object>> actions, String then,
                       CompiledExpression expression, String onTrue, String onFalse,
                       Map<String, Object> assignee, Duration timeout, String onApprove, String onReject,
                       String onTimeout, boolean hasOnTimeout) {
    }
}
