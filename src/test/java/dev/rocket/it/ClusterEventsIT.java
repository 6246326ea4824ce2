package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * What another node changed reaches this one through PostgreSQL: a notification on {@code rocket_metadata} makes
 * the node read the app's definitions again; and when the node's listener lost its connection (the notifications
 * sent meanwhile are lost), it reads every loaded app's definitions again once it listens anew.
 */
class ClusterEventsIT extends RocketItBase {

    /** An app serving entity {@code note}, whose definition "another node" then deletes without telling anyone. */
    private AppClient appWhoseNoteAnotherNodeDeleted() throws SQLException {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("note", "int", false, field("title", "string")));
        a.create("note", map("title", "first"));
        try (Connection c = RocketDatabase.connectApp(app); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("DELETE FROM _entities WHERE name = 'note'")).isEqualTo(1);
        }
        assertStatus(a.get("note"), 200); // not told yet: this node serves the definitions it has loaded
        return a;
    }

    @Test
    void aNotificationFromAnotherNodeReloadsTheApp() throws Exception {
        AppClient a = appWhoseNoteAnotherNodeDeleted();
        try (Connection c = RocketDatabase.connect();
             PreparedStatement ps = c.prepareStatement("SELECT pg_notify('rocket_metadata', ?)")) {
            ps.setString(1, a.app() + "|another-node");
            ps.execute();
        }
        assertThat(statusWithin(a, "note", 404, 10_000)).isEqualTo(404);
    }

    @Test
    void afterItsListenerReconnectsTheNodeReloadsWhatItMayHaveMissed() throws Exception {
        AppClient a = appWhoseNoteAnotherNodeDeleted();
        try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE datname = current_database() AND query LIKE 'LISTEN %' AND pid <> pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getInt(1)).as("listener connections cut").isGreaterThanOrEqualTo(1);
        }
        // the listener retries after 2 s, then reloads
        assertThat(statusWithin(a, "note", 404, 20_000)).isEqualTo(404);
    }

    /** GETs {@code path} until it answers {@code wanted} or the time is up; the last status. */
    private static int statusWithin(AppClient a, String path, int wanted, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        int status;
        do {
            status = a.get(path).status();
            if (status == wanted) {
                break;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return status;
    }
}
