package dev.rocket.workflow;

import dev.rocket.expr.CompiledExpression;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.ActionType;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Keys;
import dev.rocket.metadata.Problems;
import dev.rocket.metadata.Schema;
import dev.rocket.outbound.OutboundUrls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Workflow definition → {@link WorkflowDef} with the validation messages of docs/workflows.md (422); gotos normalised. */
public final class WorkflowParser {
    /** The keys of a workflow, of its trigger and of an approval step's assignee. */
    public static final List<String> KEYS = List.of("name", "trigger", "context", "steps", "active");
    private static final List<String> TRIGGER_KEYS = List.of("type", "entity", "field", "to");
    private static final List<String> ASSIGNEE_KEYS = List.of("type", "role", "user", "path", "value");
    private static final Pattern DURATION = Pattern.compile("^(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?$");

    private WorkflowParser() {
    }

    /**
     * Strict check of an admin or imported workflow: unknown keys (also in its trigger, steps by type,
     * assignees and actions by type) → 422 naming them and the allowed ones.
     */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        Keys.unknownOrReadBack(body, "", KEYS, p);
        Keys.unknown(body.get("trigger"), "trigger", TRIGGER_KEYS, p);
        if (body.get("steps") instanceof List<?> steps) {
            for (int i = 0; i < steps.size(); i++) {
                if (!(steps.get(i) instanceof Map<?, ?> step)) {
                    continue;
                }
                String at = Keys.path("steps", i);
                StepType type = StepType.parse(step.get("type"));
                if (type == null) {
                    continue; // the parser names the bad type
                }
                Keys.unknown(step, at, type.keys(), p);
                Keys.unknown(step.get("assignee"), at + ".assignee", ASSIGNEE_KEYS, p);
                if (step.get("actions") instanceof List<?> actions) {
                    for (int j = 0; j < actions.size(); j++) {
                        ActionType t = actions.get(j) instanceof Map<?, ?> a ? ActionType.of(a) : null;
                        if (t != null) {
                            Keys.unknown(actions.get(j), Keys.path(at + ".actions", j), t.keys(), p);
                        }
                    }
                }
            }
        }
        p.throwIfAny();
    }

    @SuppressWarnings("unchecked")
    public static WorkflowDef parse(Map<String, Object> body, Schema reg, ExpressionEngine engine) {
        Problems p = new Problems();
        Object name = body.get("name");
        if (!(name instanceof String n) || n.isBlank()) {
            p.add("name", "workflow name is required");
        } else if (n.length() > 200) {
            p.add("name", "workflow name must be at most 200 characters");
        }
        Object active = body.get("active") == null ? Boolean.TRUE : body.get("active");
        if (!(active instanceof Boolean)) {
            p.add("active", "active must be a boolean");
        }
        Map<String, Object> trigger = body.get("trigger") instanceof Map<?, ?> t ? (Map<String, Object>) t : Map.of();
        String entity = null;
        String field = null;
        String to = null;
        if (trigger.get("type") == null || "".equals(trigger.get("type"))) {
            p.add("trigger.type", "trigger type is required");
        } else if (!"state_change".equals(trigger.get("type"))) {
            p.add("trigger.type", "unsupported trigger type: " + trigger.get("type"));
        } else {
            if (!(trigger.get("entity") instanceof String te) || te.isEmpty()) {
                p.add("trigger.entity", "trigger entity is required");
            } else {
                EntityDef e = reg.entity(te);
                if (e == null) {
                    p.add("trigger.entity", "trigger entity not found: " + te);
                }
                entity = te;
                if (!(trigger.get("field") instanceof String tf) || e != null && e.field(tf) == null) {
                    p.add("trigger.field", "trigger field is required and must be a field of " + te);
                } else {
                    field = tf;
                }
                Object tt = trigger.get("to");
                if (tt == null || tt instanceof Map || tt instanceof List) {
                    p.add("trigger.to", "trigger to is required");
                } else {
                    to = String.valueOf(tt);
                }
            }
        }
        Object ctx = body.get("context");
        if (ctx != null && !(ctx instanceof Map<?, ?>)) {
            p.add("context", "context must be an object");
        }
        List<WorkflowDef.Step> steps = new ArrayList<>();
        List<Map<String, Object>> stepsJson = new ArrayList<>();
        Object rawSteps = body.get("steps");
        if (!(rawSteps instanceof List<?> list) || list.isEmpty()) {
            p.add("steps", "at least one step is required");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof Map<?, ?> m && m.get("id") instanceof String sid && !sid.isEmpty()) {
                    if (!ids.add(sid)) {
                        p.add(Keys.path(Keys.path("steps", i), "id"), "duplicate step id: " + sid);
                    }
                }
            }
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> sm)) {
                    p.add(Keys.path("steps", i), "steps[" + i + "] must be an object");
                    continue;
                }
                Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) sm);
                WorkflowDef.Step step = step(s, Keys.path("steps", i), ids, p, engine);
                if (step != null) {
                    steps.add(step);
                }
                stepsJson.add(s);
            }
        }
        p.throwIfAny();
        Object id = body.get("id");
        return new WorkflowDef(id == null ? null : id.toString(), (String) name, (Boolean) active, entity, field, to,
                ctx == null ? Map.of() : (Map<String, Object>) ctx, List.copyOf(steps), trigger, stepsJson);
    }

    /** One step; {@code at} ({@code steps[i]}) is the path its problems are reported under, e.g. {@code steps[2].timeout}. */
    private static WorkflowDef.Step step(Map<String, Object> s, String at, Set<String> ids, Problems p,
            ExpressionEngine engine) {
        Object sid = s.get("id");
        if (!(sid instanceof String id) || id.isEmpty()) {
            p.add(Keys.path(at, "id"), "step id is required");
            return null;
        }
        Object rawType = s.get("type");
        StepType type = StepType.parse(rawType);
        if (type == null) {
            p.add(Keys.path(at, "type"), "invalid step type: " + rawType + " (allowed: " + String.join(", ", StepType.NAMES) + ")");
            return null;
        }
        String then = gotoOf(s, at, "then", ids, p);
        String onTrue = gotoOf(s, at, "on_true", ids, p);
        String onFalse = gotoOf(s, at, "on_false", ids, p);
        String onApprove = gotoOf(s, at, "on_approve", ids, p);
        String onReject = gotoOf(s, at, "on_reject", ids, p);
        String onTimeout = gotoOf(s, at, "on_timeout", ids, p);
        Body body = switch (type) { // a new step type: decide here what it carries
            case CONDITION -> condition(s, at, id, p, engine);
            case ACTION -> actions(s, at, id, p);
            case APPROVAL -> approval(s, at, id, p);
        };
        return new WorkflowDef.Step(id, type, List.copyOf(body.actions()), then, body.expression(), onTrue, onFalse,
                body.assignee(), body.timeout(), onApprove, onReject, onTimeout, s.containsKey("on_timeout"));
    }

    /** What a step carries besides its id, type and gotos; each type fills its own part. */
    private record Body(CompiledExpression expression, List<Map<String, Object>> actions, Map<String, Object> assignee,
                        Duration timeout) {
    }

    private static Body condition(Map<String, Object> s, String at, String id, Problems p, ExpressionEngine engine) {
        CompiledExpression expr = null;
        if (!(s.get("expression") instanceof String src) || src.isBlank()) {
            p.add(Keys.path(at, "expression"), "condition step " + id + " needs an expression");
        } else {
            try {
                expr = engine.compile(src);
            } catch (ExpressionException ex) {
                p.add(Keys.path(at, "expression"), "condition step " + id + ": invalid expression: " + ex.getMessage());
            }
        }
        return new Body(expr, List.of(), Map.of(), null);
    }

    @SuppressWarnings("unchecked")
    private static Body actions(Map<String, Object> s, String at, String id, Problems p) {
        List<Map<String, Object>> actions = new ArrayList<>();
        Object a = s.get("actions");
        if (a != null && !(a instanceof List<?>)) {
            p.add(Keys.path(at, "actions"), "actions of step " + id + " must be an array");
        } else if (a != null) {
            List<?> list = (List<?>) a;
            for (int j = 0; j < list.size(); j++) {
                Object o = list.get(j);
                String actionAt = Keys.path(Keys.path(at, "actions"), j);
                if (!(o instanceof Map<?, ?> am) || ActionType.of(am) == null) {
                    p.add(Keys.path(actionAt, "type"), "step " + id + ": invalid action type "
                            + (o instanceof Map<?, ?> om ? om.get("type") : o) + " (allowed: "
                            + String.join(", ", ActionType.NAMES) + ")");
                } else {
                    String urlProblem = switch (ActionType.of(am)) { // a new action type: decide its checks here
                        case WEBHOOK -> webhookUrlProblem(am.get("url"));
                        case SET_FIELD, CREATE_RECORD, SEND_EVENT -> null;
                    };
                    if (urlProblem != null) {
                        p.add(Keys.path(actionAt, "url"), "step " + id + ": webhook " + urlProblem);
                    }
                    actions.add((Map<String, Object>) am);
                }
            }
        }
        return new Body(null, actions, Map.of(), null);
    }

    @SuppressWarnings("unchecked")
    private static Body approval(Map<String, Object> s, String at, String id, Problems p) {
        Map<String, Object> assignee = Map.of();
        if (s.get("assignee") instanceof Map<?, ?> am) {
            assignee = (Map<String, Object>) am;
        } else if (s.get("assignee") != null) {
            p.add(Keys.path(at, "assignee"), "assignee of step " + id + " must be an object");
        }
        Duration timeout = null;
        Object t = s.get("timeout");
        if (t != null && !"".equals(t)) {
            timeout = duration(String.valueOf(t));
            if (timeout == null) {
                p.add(Keys.path(at, "timeout"), "invalid timeout of step " + id + ": " + t + " (e.g. 72h, 90m, 1h30m)");
            }
        }
        return new Body(null, List.of(), assignee, timeout);
    }

    /** {@code {"goto": id}}, {@code "end"}, {@code {"goto": "end"}} or absent (= end); normalised in place. */
    private static String gotoOf(Map<String, Object> s, String at, String key, Set<String> ids, Problems p) {
        Object v = s.get(key);
        String target;
        if (v == null) {
            return null;
        } else if (v instanceof String str) {
            target = str;
        } else if (v instanceof Map<?, ?> m && (m.get("goto") == null || m.get("goto") instanceof String)) {
            target = (String) m.get("goto");
        } else {
            p.add(Keys.path(at, key), "invalid " + key + " of step " + s.get("id"));
            return null;
        }
        if (target == null || target.isEmpty() || "end".equals(target)) {
            s.put(key, "end");
            return null;
        }
        if (!ids.contains(target)) {
            p.add(Keys.path(at, key), "goto target '" + target + "' references unknown step");
            return null;
        }
        s.put(key, Map.of("goto", target));
        return target;
    }

    /** Go-style durations of hours, minutes and seconds: 72h, 4h, 90m, 1h30m, 45s. */
    public static Duration duration(String s) {
        Matcher m = DURATION.matcher(s.trim());
        if (s.isBlank() || !m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            return null;
        }
        long secs = 0;
        if (m.group(1) != null) {
            secs += Long.parseLong(m.group(1)) * 3600;
        }
        if (m.group(2) != null) {
            secs += Long.parseLong(m.group(2)) * 60;
        }
        if (m.group(3) != null) {
            secs += Long.parseLong(m.group(3));
        }
        return secs > 0 ? Duration.ofSeconds(secs) : null;
    }

    /** Why a webhook action's url cannot be called, or null. */
    private static String webhookUrlProblem(Object url) {
        return url instanceof String u ? OutboundUrls.problem(u) : "url is required";
    }
}
