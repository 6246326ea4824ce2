package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.column;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.fkRelation;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.io.File;
import java.net.URL;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * List totals kept between writes: never older than the last write made through Rocket, on either of two
 * nodes (two deployments of the WAR in one Tomcat — two Rocket instances with their own caches — on one
 * database); writes made outside Rocket show within ROCKET_COUNT_CACHE_SECONDS. Also count modes, keyset
 * pages and sparse fieldsets.
 */
class ListTotalsIT extends RocketItBase {
    @RegisterExtension
    static final SystemSettings SETTINGS = SystemSettings.of("ROCKET_COUNT_CACHE_SECONDS", "2");

    /** The second node: the same WAR under /node2, its own classes and therefore its own caches. */
    @Deployment(name = "node2", testable = false)
    public static WebArchive secondNode() {
        File war = new File(System.getProperty("rocket.war", "target/rocket.war"));
        return ShrinkWrap.create(ZipImporter.class, "node2.war").importFrom(war).as(WebArchive.class);
    }

    @ArquillianResource
    @OperateOnDeployment("node2")
    URL node2;

    private record Nodes(AppClient a, AppClient b) {
    }

    private Nodes twoNodes() {
        String app = newApp();
        String token = appAdminToken(app);
        AppClient a = new AppClient(http, app, token);
        AppClient b = new AppClient(new Http(node2), app, token);
        a.entity(entityDef("note", "uuid", true, field("title", "string", "required", true), field("n", "int")));
        // node 2 learns of the entity through the cluster notification
        for (int i = 0; i < 100 && b.get("note").status() != 200; i++) {
            sleep(100);
        }
        assertStatus(b.get("note"), 200);
        return new Nodes(a, b);
    }

    @Test
    void totalsAreNeverOlderThanTheLastWriteOnEitherNode() {
        Nodes n = twoNodes();
        assertThat(n.a().count("note")).isZero();
        assertThat(n.b().count("note")).isZero();
        assertThat(n.a().total("note", "filter[n]=5")).isZero();
        assertThat(n.b().total("note", "filter[n]=5")).isZero();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            AppClient writer = i % 2 == 0 ? n.a() : n.b();
            ids.add(writer.create("note", map("title", "t" + i, "n", i)).path("id").asText());
            // both nodes had a kept total for these queries: neither may answer it now
            assertThat(n.a().count("note")).as("node 1 after write %d", i).isEqualTo(i);
            assertThat(n.b().count("note")).as("node 2 after write %d", i).isEqualTo(i);
            assertThat(n.b().total("note", "filter[n.lte]=6")).as("filtered, node 2, write %d", i).isEqualTo(Math.min(i, 6));
        }
        // an update that moves a row into a filter, made on node 2, read on node 1 (which kept the total)
        assertThat(n.a().total("note", "filter[n]=5")).isEqualTo(1);
        n.b().update("note", ids.get(0), map("n", 5));
        assertThat(n.a().total("note", "filter[n]=5")).isEqualTo(2);
        assertThat(n.b().total("note", "filter[n]=5")).isEqualTo(2);
        // a delete (soft) on node 1, read on node 2
        assertStatus(n.a().delete("note/" + ids.get(1)), 200);
        assertThat(n.b().count("note")).isEqualTo(11);
        assertThat(n.a().count("note")).isEqualTo(11);
        // the same query answered twice without a write in between: the same total
        assertThat(n.b().count("note")).isEqualTo(11);
    }

    @Test
    void writesOutsideRocketShowWithinTheCacheTime() throws Exception {
        Nodes n = twoNodes();
        n.a().create("note", map("title", "x", "n", 1));
        assertThat(n.a().count("note")).isEqualTo(1);
        assertThat(n.b().count("note")).isEqualTo(1);
        try (Connection c = RocketDatabase.connectApp(n.a().app()); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO note (title, n) VALUES ('outside', 2)");
        }
        // kept for at most 2 s (ROCKET_COUNT_CACHE_SECONDS of this class); polled well beyond that
        long a = -1;
        long b = -1;
        for (int i = 0; i < 100 && (a != 2 || b != 2); i++) {
            sleep(100);
            a = n.a().count("note");
            b = n.b().count("note");
        }
        assertThat(a).isEqualTo(2);
        assertThat(b).isEqualTo(2);
    }

    @Test
    void countModesKeysetPagesAndSparseFieldsets() {
        Nodes n = twoNodes();
        AppClient a = n.a();
        a.entity(entityDef("tag", "uuid", false, field("note_id", "uuid"), field("label", "string")));
        a.relation(fkRelation("tags", "one_to_many", "note", "tag", "note_id", "cascade"));
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            String id = a.create("note", map("title", "t" + i, "n", i % 3)).path("id").asText();
            ids.add(id);
            a.create("tag", map("note_id", id, "label", "l" + i));
        }

        // count=none: no total; count=estimated: a last page knows its exact total
        JsonNode none = a.list("note", "count=none&per_page=5");
        assertThat(none.path("meta").has("total")).isFalse();
        assertThat(none.path("data").size()).isEqualTo(5);
        JsonNode est = a.list("note", "count=estimated&per_page=50");
        assertThat(est.path("meta").path("total").asLong()).isEqualTo(7);
        assertThat(est.path("meta").path("count").asText()).isEqualTo("estimated");
        assertThat(a.list("note", "count=estimated&per_page=2").path("meta").path("total").asLong()).isGreaterThanOrEqualTo(3);
        assertError(a.get("note?count=roughly"), 400, "INVALID_PAYLOAD");

        // keyset pages over a sort with ties (n has three values): every row once, in the offset order
        List<String> offsetOrder = column(a.list("note", "sort=-n&per_page=100"), "title");
        List<String> keyset = new ArrayList<>();
        assertThat(a.list("note", "sort=-n&per_page=3").path("meta").has("next_cursor")).isFalse(); // offset pages
        JsonNode page = a.list("note", "sort=-n&per_page=3&after=");
        assertThat(page.path("meta").path("total").asLong()).isEqualTo(7);
        while (true) {
            keyset.addAll(column(page, "title"));
            String next = page.path("meta").path("next_cursor").asText(null);
            if (next == null) {
                break;
            }
            page = a.list("note", "sort=-n&per_page=3&after=" + next);
            assertThat(page.path("meta").path("total").asLong()).isEqualTo(7);
            assertThat(page.path("meta").has("page")).isFalse();
        }
        assertThat(keyset).isEqualTo(offsetOrder);
        String cursor = a.list("note", "sort=-n&per_page=3&after=").path("meta").path("next_cursor").asText();
        assertError(a.get("note?sort=title&after=" + cursor), 400, "INVALID_PAYLOAD");
        assertError(a.get("note?after=not-a-cursor"), 400, "INVALID_PAYLOAD");
        assertError(a.get("note?page=2&after=" + cursor), 400, "INVALID_PAYLOAD");

        // sparse fieldsets, with an include, on lists and gets
        JsonNode sparse = a.list("note", "fields=title,tags.label&include=tags&per_page=1&sort=title");
        JsonNode row = sparse.path("data").get(0);
        assertThat(row.fieldNames()).toIterable().containsExactlyInAnyOrder("title", "tags");
        assertThat(row.path("tags").get(0).fieldNames()).toIterable().containsExactly("label");
        JsonNode one = a.read("note", ids.get(0) + "?fields=n");
        assertThat(one.fieldNames()).toIterable().containsExactly("n");
        assertError(a.get("note?fields=nope"), 400, "UNKNOWN_FIELD");
        assertError(a.get("note?fields=tags.label"), 400, "UNKNOWN_FIELD"); // tags not included
        assertError(a.get("note?fields=tags.nope&include=tags"), 400, "UNKNOWN_FIELD");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
