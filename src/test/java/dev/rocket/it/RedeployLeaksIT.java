package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.RocketDatabase;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.startup.ContextConfig;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.apache.catalina.core.JreMemoryLeakPreventionListener;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.core.ThreadLocalLeakPreventionListener;
import org.apache.catalina.loader.WebappClassLoaderBase;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploying and undeploying the real WAR ten times on one running Tomcat leaves nothing behind: no thread of
 * a stopped application still runs, Tomcat's leak detection (the manager's "find leaks",
 * {@link StandardHost#findReloadedContextMemoryLeaks()}) finds no stopped application's class loader still
 * reachable, and Tomcat logs no leak warning (threads, ThreadLocals, JDBC drivers, timers) on undeploy.
 * Each deployment starts Rocket fully (database, pools, scheduler, listener) and answers /health.
 */
@ExtendWith(RocketDatabase.class)
class RedeployLeaksIT {
    /** -Drocket.it.redeploys=N for a quicker look; the check itself is about ten. */
    private static final int DEPLOYS = Integer.getInteger("rocket.it.redeploys", 10);

    @Test
    void tenRedeploysLeaveNoThreadNoClassLoaderAndNoLeakWarning() throws Exception {
        File war = new File(System.getProperty("rocket.war", "target/rocket.war")).getAbsoluteFile();
        Path base = Files.createTempDirectory("rocket-redeploy");
        Files.createDirectories(base.resolve("webapps"));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getEngine().setName("redeploy");
        tomcat.getHost().setAppBase(base.resolve("webapps").toString());
        tomcat.getConnector();
        // what a standalone Tomcat's server.xml installs: JDK singletons are initialised by Tomcat's own class
        // loader, not by whichever application happens to use them first
        tomcat.getServer().addLifecycleListener(new JreMemoryLeakPreventionListener());
        tomcat.getServer().addLifecycleListener(new ThreadLocalLeakPreventionListener());
        Warnings warnings = new Warnings();
        Logger catalina = Logger.getLogger("org.apache.catalina");
        catalina.addHandler(warnings);
        tomcat.start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            int port = tomcat.getConnector().getLocalPort();
            for (int i = 0; i < DEPLOYS; i++) {
                Context context = tomcat.addWebapp(tomcat.getHost(), "", war.getPath(), new QuickConfig());
                String state = context.getStateName();
                assertThat(state).as("deployment %d started", i + 1).isEqualTo("STARTED");
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).as("deployment %d: /health", i + 1).isEqualTo(200);
                tomcat.getHost().removeChild(context); // stop + destroy: Rocket.close() runs
                context = null; // the test keeps no reference to a stopped application
            }

            List<String> threads = List.of();
            for (int i = 0; i < 50; i++) { // threads end shortly after their pools close
                threads = applicationThreads();
                if (threads.isEmpty()) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(threads).as("threads of undeployed applications").isEmpty();

            String[] found = new String[0];
            for (int i = 0; i < 20; i++) { // each call runs a full GC first
                found = ((StandardHost) tomcat.getHost()).findReloadedContextMemoryLeaks();
                if (found.length == 0) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(found).as("undeployed applications whose class loader is still reachable").isEmpty();
            assertThat(warnings.leakWarnings()).as("Tomcat's leak warnings on undeploy").isEmpty();
        } finally {
            catalina.removeHandler(warnings);
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /**
     * Tomcat's ContextConfig without the annotation scan of the WAR's libraries (Rocket declares everything in
     * web.xml; the scan only costs time here).
     */
    private static final class QuickConfig extends ContextConfig {
        @Override
        public void lifecycleEvent(LifecycleEvent event) {
            if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                StandardJarScanFilter filter = new StandardJarScanFilter();
                filter.setDefaultPluggabilityScan(false);
                filter.setDefaultTldScan(false);
                ((Context) event.getLifecycle()).getJarScanner().setJarScanFilter(filter);
            }
            super.lifecycleEvent(event);
        }
    }

    /** Live threads whose context class loader is a web application's (Tomcat's own threads use its loader). */
    private static List<String> applicationThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getContextClassLoader() instanceof WebappClassLoaderBase loader
                    && !loader.getState().isAvailable()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Tomcat's warnings about what an application left behind when it stopped. */
    private static final class Warnings extends Handler {
        private final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                String message = record.getMessage();
                if (record.getParameters() != null) {
                    message = java.text.MessageFormat.format(message, record.getParameters());
                }
                messages.add(record.getLoggerName() + ": " + message);
            }
        }

        List<String> leakWarnings() {
            synchronized (messages) {
                // Tomcat's own utility threads, started on demand while an application is current, are
                // reported against it; they are the container's and stop with it
                return messages.stream().filter(m -> !m.contains("[Catalina-utility-")).filter(m -> m.contains("memory leak") || m.contains("failed to stop")
                        || m.contains("failed to unregister") || m.contains("ThreadLocal")
                        || m.contains("Timer") || m.contains("clearReferences")).toList();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
