package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.Receiver;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work that follows a write happens once, after the commit of the attempt that committed: a transaction run again
 * after a failure leaves no trace of its rolled-back attempt, workflow starts and workflow webhook calls are recorded
 * in the committing transaction and made after it (no transaction open during the call), and a start or call a node
 * left behind is made by the retry task, once.
 */
class AfterCommitIT extends RocketItBase {
    /** Before this class's deployment starts Rocket: the retry task every 2 s instead of 15. */
    @RegisterExtension
    static final SystemSettings SETTINGS = SystemSettings.of("ROCKET_WEBHOOK_RETRY_INTERVAL", "2");

    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.onLoopback();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private AppClient appWithTickets() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("ticket", "int", false, field("title", "string"), field("status", "string")));
        return a;
    }

    private String workflow(AppClient a, String name, String to, List<Object> steps) {
        return assertStatus(a.post("_admin/workflows", map("name", name, "active", true,
                "trigger", map("type", "state_change", "entity", "ticket", "field", "status", "to", to),
                "context", map("record_id", "trigger.record_id", "title", "record.title"), "steps", steps)), 201)
                .data().path("id").asText();
    }

    private Object webhookStep(String id, String path, Object then) {
        return map("id", id, "type", "action", "then", then,
                "actions", List.of(map("type", "webhook", "url", receiver.url(path))));
    }

    private static Object markDone(String id) {
        return map("id", id, "type", "action", "then", "end", "actions", List.of(map("type", "set_field",
                "entity", "ticket", "record_id", "context.record_id", "field", "status", "value", "done")));
    }

    /**
     * The update's COMMIT fails once with the error PostgreSQL gives for a stale cached plan (a deferred trigger
     * raises it), after every listener ran: the transaction is run again and commits. The rolled-back attempt leaves
     * no webhook delivery, transition call, workflow start or workflow call behind.
     */
    @Test
    void aTransactionRunAgainAfterItsListenersRanHasItsSideEffectsOnce() throws Exception {
        AppClient a = appWithTickets();
        String hook = assertStatus(a.post("_admin/webhooks", map("entity", "ticket", "hook", "after_write",
                "url", receiver.url("/after"))), 201).data().path("id").asText();
        a.stateMachine(map("entity", "ticket", "field", "status", "definition", map("initial", "open", "transitions",
                List.of(map("from", "open", "to", "closed", "actions", List.of(map("type", "webhook",
                        "url", receiver.url("/closed"))))))));
        workflow(a, "on_close", "closed", List.of(webhookStep("notify", "/workflow", "end")));
        JsonNode t = a.create("ticket", map("title", "printer", "status", "open"));
        assertThat(receiver.poll(20)).as("after_write call of the create").extracting(Receiver.Call::path)
                .isEqualTo("/after");
        try (Connection c = RocketDatabase.connectApp(a.app()); Statement st = c.createStatement()) {
            st.execute("CREATE SEQUENCE it_commits");
            st.execute("CREATE FUNCTION it_fail_first_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF nextval('it_commits') = 1 THEN "
                    + "RAISE EXCEPTION 'cached plan must not change result type' USING ERRCODE = '0A000'; END IF; "
                    + "RETURN NULL; END $$");
            st.execute("CREATE CONSTRAINT TRIGGER it_fail_first_commit AFTER UPDATE ON ticket DEFERRABLE INITIALLY "
                    + "DEFERRED FOR EACH ROW EXECUTE FUNCTION it_fail_first_commit()");
        }

        JsonNode updated = a.update("ticket", t.path("id").asText(), map("status", "closed"));
        assertThat(updated.path("status").asText()).isEqualTo("closed");
        assertThat(count(a.app(), "SELECT last_value FROM it_commits")).as("commits tried: the first failed").isEqualTo(2);

        List<Receiver.Call> calls = receiver.take(3, 20);
        calls.addAll(receiver.take(1, 5)); // a duplicate would come within this time
        assertThat(calls).extracting(Receiver.Call::path).containsExactlyInAnyOrder("/after", "/closed", "/workflow");
        JsonNode workflowBody = Http.JSON.readTree(calls.stream().filter(c -> c.path().equals("/workflow"))
                .findFirst().orElseThrow().body());
        assertThat(workflowBody.path("title").asText()).isEqualTo("printer");
        assertThat(count(a.app(), "SELECT COUNT(*) FROM _workflow_instances")).as("workflow starts").isEqualTo(1);
        assertThat(waitFor(() -> status(a.app()))).isEqualTo("completed");
        JsonNode logs = assertStatus(a.get("_admin/webhook-logs?webhook_id=" + hook), 200).data();
        assertThat(logs.size()).as("deliveries: the create's and the update's").isEqualTo(2);
        assertThat(waitFor(() -> outboxesEmpty(a.app()))).isTrue();
    }

    /** A node died after committing a write that started a workflow: the retry task makes the start, once. */
    @Test
    void aStartLeftBehindIsMadeOnceByTheRetryTask() throws Exception {
        AppClient a = appWithTickets();
        String wf = workflow(a, "left_behind", "never", List.of(webhookStep("notify", "/started", "end")));
        try (Connection c = RocketDatabase.connectApp(a.app());
             PreparedStatement ps = c.prepareStatement("INSERT INTO _workflow_outbox (id, kind, workflow_id, context, "
                     + "due_at) VALUES (?, 'start', ?, '{\"record_id\": \"41\", \"title\": \"left\"}', "
                     + "NOW() - interval '1 second')")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setObject(2, UUID.fromString(wf));
            ps.executeUpdate();
        }
        Receiver.Call call = receiver.poll(30);
        assertThat(call).as("the workflow's webhook step, run by the retry task").isNotNull();
        assertThat(call.path()).isEqualTo("/started");
        assertThat(Http.JSON.readTree(call.body()).path("title").asText()).isEqualTo("left");
        assertThat(waitFor(() -> status(a.app()))).isEqualTo("completed");
        assertThat(receiver.poll(6)).as("started once (the retry task ran again meanwhile)").isNull();
        assertThat(count(a.app(), "SELECT COUNT(*) FROM _workflow_instances")).isEqualTo(1);
        assertThat(outboxesEmpty(a.app())).isTrue();
    }

    /**
     * A node died after committing an instance that waits for a webhook call: the retry task makes the call once and
     * the instance continues with the next action.
     */
    @Test
    void aCallLeftBehindIsMadeOnceByTheRetryTaskAndTheInstanceContinues() throws Exception {
        AppClient a = appWithTickets();
        JsonNode t = a.create("ticket", map("title", "parked", "status", "open"));
        String wf = workflow(a, "parked", "never", List.of(webhookStep("call", "/resumed", map("goto", "mark")),
                markDone("mark")));
        UUID instance = UUID.randomUUID();
        try (Connection c = RocketDatabase.connectApp(a.app())) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO _workflow_instances (id, workflow_id, "
                    + "workflow_name, status, current_step, context, history) VALUES (?, ?, 'parked', 'running', 'call', "
                    + "CAST(? AS jsonb), '[]')")) {
                ps.setObject(1, instance);
                ps.setObject(2, UUID.fromString(wf));
                ps.setString(3, "{\"record_id\": \"" + t.path("id").asText() + "\", \"title\": \"parked\"}");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO _workflow_outbox (id, kind, workflow_id, "
                    + "instance_id, step, action, due_at) VALUES (?, 'call', ?, ?, 'call', 0, NOW() - interval '1 second')")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setObject(2, UUID.fromString(wf));
                ps.setObject(3, instance);
                ps.executeUpdate();
            }
        }
        Receiver.Call call = receiver.poll(30);
        assertThat(call).as("the call, made by the retry task").isNotNull();
        assertThat(call.path()).isEqualTo("/resumed");
        assertThat(waitFor(() -> status(a.app()))).isEqualTo("completed");
        assertThat(a.read("ticket", t.path("id").asText()).path("status").asText()).isEqualTo("done");
        JsonNode history = Http.JSON.readTree(string(a.app(), "SELECT history::text FROM _workflow_instances"));
        assertThat(history.findValuesAsText("step")).containsExactly("call", "mark");
        assertThat(receiver.poll(6)).as("called once").isNull();
        assertThat(outboxesEmpty(a.app())).isTrue();
    }

    /**
     * A workflow's webhook step is called after the instance's transaction committed: while the call is in flight
     * the instance is visible, waiting at that step, and no transaction of the app is open.
     */
    @Test
    void aWorkflowWebhookStepIsCalledAfterCommitWithNoTransactionOpen() throws Exception {
        AppClient a = appWithTickets();
        workflow(a, "held", "go", List.of(webhookStep("call", "/held", map("goto", "mark")), markDone("mark")));
        receiver.hold();
        JsonNode t = a.create("ticket", map("title", "slow", "status", "go"));
        Receiver.Call call = receiver.poll(20);
        assertThat(call).as("the step's call").isNotNull();
        try {
            assertThat(string(a.app(), "SELECT status || ' at ' || current_step FROM _workflow_instances"))
                    .isEqualTo("running at call");
            assertThat(count(a.app(), "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"))
                    .as("transactions open during the call").isZero();
        } finally {
            receiver.release();
        }
        assertThat(waitFor(() -> status(a.app()))).isEqualTo("completed");
        assertThat(a.read("ticket", t.path("id").asText()).path("status").asText()).isEqualTo("done");
        assertThat(receiver.poll(3)).as("called once").isNull();
        assertThat(outboxesEmpty(a.app())).isTrue();
    }

    /** The status of the app's only workflow instance once it left {@code running}, else null. */
    private static String status(String app) {
        String s = string(app, "SELECT string_agg(status, ',') FROM _workflow_instances");
        return s == null || s.contains("running") ? null : s;
    }

    private static Boolean outboxesEmpty(String app) {
        return count(app, "SELECT (SELECT COUNT(*) FROM _workflow_outbox) + (SELECT COUNT(*) FROM _transition_outbox) "
                + "+ (SELECT COUNT(*) FROM _webhook_logs WHERE status = 'pending')") == 0 ? true : null;
    }

    private static long count(String app, String sql) {
        String v = string(app, sql);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String string(String app, String sql) {
        try (Connection c = RocketDatabase.connectApp(app); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first non-null value within 20 s. */
    private static <T> T waitFor(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        return probe.get();
    }
}
