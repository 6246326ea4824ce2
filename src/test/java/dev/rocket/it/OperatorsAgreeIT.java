package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.EntityParser;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Op;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.Values;
import dev.rocket.permission.Permissions;
import dev.rocket.permission.PolicyKind;
import dev.rocket.query.Condition;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.query.SqlRenderer;
import dev.rocket.request.ReadRequest;
import dev.rocket.rules.RuleEvaluator;
import dev.rocket.rules.RuleOperator;
import dev.rocket.schema.Migrator;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every operator means the same in SQL and in memory, on real PostgreSQL: for each field type (text,
 * integers, decimals, booleans, dates, timestamps, UUIDs, with nulls), each operator and many values,
 * the rows a permission's read scope selects in SQL, the rows its write check lets through in memory,
 * the rows a field rule with the same comparison passes, and the rows a query filter selects (in SQL and
 * through {@link Op#test} on its parsed value) are the same rows.
 */
@ExtendWith(RocketDatabase.class)
class OperatorsAgreeIT {
    private static final Caller PROBER = new Caller("u1", List.of("prober"), false);
    private static final String SCHEMA = "ops_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static Connection c;
    private static EntityDef e;
    private static List<Map<String, Object>> rows;

    private static Map<String, Object> f(String name, String type, Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("type", type);
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Column values of the probe rows, one list per field, nulls included. */
    private static final Map<String, List<Object>> COLUMNS = new LinkedHashMap<>();

    static {
        COLUMNS.put("s", Arrays.asList("a", "B", "b", "é", "ab", "", null, "10", "9", "%x", "Zz", "a_c"));
        COLUMNS.put("n", Arrays.asList(0, 5, -3, 7, null, 5, 2147483647, -2147483648, 10, 9, 1, 2));
        COLUMNS.put("big", Arrays.asList(0L, 5L, null, 9007199254740993L, -1L, 5L, 7L, 3L, 10L, 9L, 1L, 2L));
        COLUMNS.put("dec", Arrays.asList("1.5", "2.25", "0", "-1", null, "1.50", "10", "9.99", "2.2", "0.01", "5", "1"));
        COLUMNS.put("flag", Arrays.asList(true, false, null, true, false, true, false, true, null, false, true, false));
        COLUMNS.put("day", Arrays.asList("2024-01-01", "2024-02-29", "1999-12-31", null, "2024-01-02", "2024-01-01",
                "2023-12-31", "2024-12-31", "2024-01-10", "2000-01-01", "2024-03-01", "2024-01-09"));
        COLUMNS.put("at", Arrays.asList("2024-01-01T10:00:00Z", "2024-01-01T12:00:00+02:00", "2023-12-31T23:59:59.5Z",
                null, "2024-01-01T10:00:00.000001Z", "2024-06-01T00:00:00Z", "2024-01-01T09:59:59Z",
                "2024-01-01T10:00:00Z", "2030-01-01T00:00:00Z", "1999-01-01T00:00:00Z", "2024-01-02T00:00:00Z",
                "2024-01-01T11:00:00+01:00"));
        COLUMNS.put("u", Arrays.asList("00000000-0000-0000-0000-000000000001", "ffffffff-0000-0000-0000-000000000000",
                "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000", null,
                "00000000-0000-0000-0000-000000000001", "a0000000-0000-0000-0000-000000000000",
                "0a000000-0000-0000-0000-000000000000", "12345678-1234-1234-1234-123456789abc",
                "fedcba98-7654-3210-fedc-ba9876543210", "00000000-0000-0000-0000-000000000002",
                "10000000-0000-0000-0000-000000000000"));
    }

    /** The values conditions compare with, per field: scalars, lists (for in/not_in) and like patterns. */
    private static final Map<String, List<Object>> CANDIDATES = new LinkedHashMap<>();

    static {
        CANDIDATES.put("s", Arrays.asList("a", "B", "b", "ab", "é", "", "10", "9", "Z", null,
                List.of("a", "B"), List.of("x"), Arrays.asList("a", null), List.of(),
                "a%", "%b%", "_", "A%", "\\%x", "%", "a\\_c", "9%"));
        CANDIDATES.put("n", Arrays.asList(0, 5, -3, "7", 2147483647, -2147483648, 6, null,
                List.of(5, 0), List.of(1, "5"), Arrays.asList(null, 5), "1%", "%0", "-%"));
        CANDIDATES.put("big", Arrays.asList(0, 5, 9007199254740993L, "9007199254740992", -1, null,
                List.of(5, 0), Arrays.asList(7, null), "9%", "%3"));
        CANDIDATES.put("dec", Arrays.asList(1.5, "2.25", 0, -1, "1.500", 10, 9.99, null,
                List.of(1.5, 2.2), List.of("0.01", 5), "1.5%", "%0", "1"));
        CANDIDATES.put("flag", Arrays.asList(true, false, null, List.of(true), Arrays.asList(false, null), "t%", "true"));
        CANDIDATES.put("day", Arrays.asList("2024-01-01", "2024-02-29", "1999-12-31", "2024-01-10", null,
                List.of("2024-01-01", "2024-01-02"), "2024-%", "%-01"));
        CANDIDATES.put("at", Arrays.asList("2024-01-01T10:00:00Z", "2024-01-01T11:00:00+01:00", "2024-01-01T10:00:00",
                "2024-01-01", "2023-12-31T23:59:59.5Z", null, List.of("2024-01-01T10:00:00Z", "2030-01-01T00:00:00Z"),
                "2024-01-01T10%", "%00.000000Z", "2024-01-01T10:00:00.000001Z"));
        CANDIDATES.put("u", Arrays.asList("00000000-0000-0000-0000-000000000001", "7fffffff-ffff-ffff-ffff-ffffffffffff",
                "80000000-0000-0000-0000-000000000000", "A0000000-0000-0000-0000-000000000000", null,
                List.of("00000000-0000-0000-0000-000000000001", "12345678-1234-1234-1234-123456789ABC"), "0%", "%c"));
    }

    @BeforeAll
    static void probeTable() throws Exception {
        c = connect();
        Jdbc.execute(c, "CREATE SCHEMA " + SCHEMA);
        Jdbc.execute(c, "SET search_path TO " + SCHEMA);
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("name", "probe");
        def.put("table", "probe");
        def.put("soft_delete", false);
        def.put("primary_key", Map.of("field", "id", "type", "int", "generated", true));
        def.put("fields", List.of(f("id", "int"), f("s", "string"), f("n", "int"), f("big", "bigint"),
                f("dec", "decimal", "precision", 2), f("flag", "boolean"), f("day", "date"), f("at", "timestamp"),
                f("u", "uuid")));
        e = EntityParser.parse(def);
        Migrator.migrate(c, e);
        int count = COLUMNS.get("s").size();
        for (int i = 0; i < count; i++) {
            List<String> cols = new ArrayList<>();
            List<Object> binds = new ArrayList<>();
            for (Map.Entry<String, List<Object>> col : COLUMNS.entrySet()) {
                FieldDef fd = e.field(col.getKey());
                cols.add(fd.quoted());
                binds.add(Values.coerce(fd.type(), fd.precision(), col.getValue().get(i)));
            }
            Jdbc.update(c, SqlFragment.of("INSERT INTO probe (" + String.join(", ", cols) + ") VALUES ("
                    + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")", binds.toArray()));
        }
        rows = Jdbc.query(c, SqlFragment.of("SELECT t.\"id\", " + e.selectList() + " FROM probe t ORDER BY t.\"id\""));
        assertThat(rows).hasSize(count);
    }

    /** The test database (created when this test runs before any other has made it). */
    private static Connection connect() throws Exception {
        try {
            return RocketDatabase.connect();
        } catch (java.sql.SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                throw e;
            }
        }
        String url = RocketDatabase.url();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        String name = url.substring(slash + 1, query < 0 ? url.length() : query);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", System.getProperty("ROCKET_DB_USER", "postgres"));
        p.setProperty("password", System.getProperty("ROCKET_DB_PASSWORD", ""));
        try (Connection admin = new org.postgresql.Driver().connect(url.substring(0, slash + 1) + "postgres", p)) {
            Jdbc.execute(admin, "CREATE DATABASE " + SqlFragment.ident(name));
        } catch (java.sql.SQLException e) {
            if (!"42P04".equals(e.getSQLState())) {
                throw e; // 42P04: made meanwhile
            }
        }
        return RocketDatabase.connect();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (c != null) {
            Jdbc.execute(c, "DROP SCHEMA " + SCHEMA + " CASCADE");
            c.close();
        }
    }

    private static Set<Integer> ids(SqlFragment select) throws Exception {
        Set<Integer> out = new TreeSet<>();
        for (Map<String, Object> r : Jdbc.query(c, select)) {
            out.add(((Number) r.get("id")).intValue());
        }
        return out;
    }

    /** The list query of a reader whose read scope is {@code conditions}. */
    private static SqlFragment selectIds(Registry reg, List<Condition> conditions) {
        ReadPlan plan = QueryPlanner.plan(reg, e, new ReadRequest(List.of(), List.of(), 1, 100, List.of()), conditions,
                x -> List.of());
        return new SqlRenderer(reg).select(plan);
    }

    @Test
    void permissionsRulesAndFiltersMeanTheSameAsSql() throws Exception {
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (String field : COLUMNS.keySet()) {
            FieldDef fd = e.field(field);
            for (Op op : Op.values()) {
                for (Object value : CANDIDATES.get(field)) {
                    if (op.isList() != value instanceof List<?> || op.valueProblem(fd, value) != null) {
                        continue; // a definition with this value is refused (422)
                    }
                    String what = field + " " + op.wireName() + " " + value;
                    Map<String, Object> cond = new LinkedHashMap<>();
                    cond.put("field", field);
                    cond.put("operator", op.wireName());
                    cond.put("value", value);
                    Registry bare = new Registry(Map.of("probe", e), Map.of());
                    List<Policy> policies = new ArrayList<>();
                    for (String action : List.of("read", "update")) {
                        policies.add(Policy.parse(Map.of("entity", "probe", "action", action, "roles", List.of("prober"),
                                "conditions", List.of(cond)), bare));
                    }
                    Registry reg = Registry.of(bare).with(PolicyKind.KIND, policies).build();

                    Set<Integer> sql = ids(selectIds(reg, Permissions.readScope(reg, PROBER, e)));
                    Set<Integer> memory = new TreeSet<>();
                    Set<Integer> rule = new TreeSet<>();
                    RuleOperator ruleOp = RuleOperator.parse(op.wireName());
                    for (Map<String, Object> row : rows) {
                        int id = ((Number) row.get("id")).intValue();
                        try {
                            Permissions.checkWrite(reg, PROBER, e, "update", row);
                            memory.add(id);
                        } catch (ApiException denied) {
                            // not allowed on this row
                        }
                        // a field rule judges present, non-null values only; nulls never match in SQL either
                        if (row.get(field) != null && RuleEvaluator.passes(fd, ruleOp, row.get(field), value, null)) {
                            rule.add(id);
                        }
                    }
                    compared++;
                    if (!sql.equals(memory)) {
                        disagreements.add("permission " + what + ": SQL " + sql + " but in memory " + memory);
                    }
                    if (!sql.equals(rule)) {
                        disagreements.add("rule " + what + ": SQL " + sql + " but the rule passes " + rule);
                    }
                    filter(field, fd, op, value, disagreements);
                }
            }
        }
        assertThat(compared).isGreaterThan(300);
        assertThat(disagreements).isEmpty();
    }

    /** The same comparison as a query filter, when the value can be written in a query string. */
    private static void filter(String field, FieldDef fd, Op op, Object value, List<String> out) throws Exception {
        List<?> parts = value instanceof List<?> l ? l : java.util.Collections.singletonList(value);
        if (parts.isEmpty() || parts.stream().anyMatch(p -> p == null || String.valueOf(p).contains(","))) {
            return;
        }
        String text = String.join(",", parts.stream().map(String::valueOf).toList());
        Registry reg = new Registry(Map.of("probe", e), Map.of());
        ReadPlan plan;
        try {
            plan = QueryPlanner.plan(reg, e, new ReadRequest(List.of(new ReadRequest.FilterParam(field + "." + op.wireName(),
                    text)), List.of(), 1, 100, List.of()), List.of(), x -> List.of());
        } catch (ApiException badValue) {
            return; // 400 for a value the field's type cannot read
        }
        Set<Integer> sql = ids(new SqlRenderer(reg).select(plan));
        Condition.FieldCondition fc = (Condition.FieldCondition) plan.conditions().get(0);
        Set<Integer> memory = new TreeSet<>();
        for (Map<String, Object> row : rows) {
            if (fc.op().test(fd, row.get(field), fc.value())) {
                memory.add(((Number) row.get("id")).intValue());
            }
        }
        if (!sql.equals(memory)) {
            out.add("filter[" + field + "." + op.wireName() + "]=" + text + ": SQL " + sql + " but in memory " + memory);
        }
    }
}
