package dev.rocket;

import dev.rocket.admin.DefinitionService;
import dev.rocket.admin.Definitions;
import dev.rocket.admin.EntityStore;
import dev.rocket.admin.RelationStore;
import dev.rocket.auth.AuthService;
import dev.rocket.auth.LoginThrottle;
import dev.rocket.config.Settings;
import dev.rocket.db.Databases;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.files.FileService;
import dev.rocket.files.FileStorageFactory;
import dev.rocket.files.UploadLimits;
import dev.rocket.jobs.Jobs;
import dev.rocket.outbound.AddressPolicy;
import dev.rocket.permission.PolicyKind;
import dev.rocket.rules.RuleKind;
import dev.rocket.metadata.RegistryLoader;
import dev.rocket.statemachine.StateMachineKind;
import dev.rocket.schema.TableMaintenance;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import dev.rocket.tenancy.AppService;
import dev.rocket.tenancy.ChangeListener;
import dev.rocket.tenancy.ClusterEvents;
import dev.rocket.tenancy.PlatformService;
import dev.rocket.transfer.ExportService;
import dev.rocket.transfer.ImportService;
import dev.rocket.webhook.HttpTransport;
import dev.rocket.webhook.WebhookKind;
import dev.rocket.webhook.Webhooks;
import dev.rocket.workflow.WorkflowEngine;
import dev.rocket.workflow.WorkflowKind;
import dev.rocket.workflow.WorkflowService;
import dev.rocket.write.WriteListener;
import dev.rocket.write.WriteService;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The runtime of one deployed WAR: settings, databases, platform, apps. Created once at startup. */
public final class Rocket implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Rocket.class.getName());

    private final Settings settings;
    private final Databases databases;
    private final PlatformService platform;
    private final AppDirectory apps;
    private final AppService appService;
    private final AuthService auth;
    private final ClusterEvents cluster;
    private final ChangeListener listener;
    private final Definitions definitions;
    private final ExpressionEngine engine;
    private final WriteService writes = new WriteService();
    private final HttpTransport outbound;
    private final WorkflowEngine workflowEngine;
    private final WorkflowService workflows = new WorkflowService();
    private final ExportService exports;
    private final ImportService imports;
    private final FileService files;
    private final Webhooks webhooks;
    private final Jobs jobs;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;
    private volatile boolean closed;

    private Rocket(Settings settings) {
        long t0 = System.nanoTime();
        this.settings = settings;
        AddressPolicy targets = AddressPolicy.fromSettings(settings); // a bad setting stops startup before anything opens
        this.databases = Databases.open(settings);
        HttpTransport transport = null;
        Webhooks hooks = null;
        Jobs scheduler = null;
        try {
            transport = new HttpTransport(targets);
            this.outbound = transport;
            this.workflowEngine = new WorkflowEngine(transport, Webhooks.syncTimeout(settings));
            this.platform = new PlatformService(databases.management(), settings);
            this.engine = new ExpressionEngine();
            this.cluster = new ClusterEvents(databases);
            this.definitions = definitions(engine, cluster::metadataChanged, targets);
            int retryInterval = settings.webhookRetryInterval();
            int timeoutInterval = settings.workflowTimeoutInterval();
            int maintenanceInterval = settings.tableMaintenanceInterval();
            boolean maintainTables = TableMaintenance.autovacuumOff(databases.management());
            // background tasks keep visiting an app for three of their longest intervals after its last request
            this.apps = new AppDirectory(databases, settings, new RegistryLoader(engine, definitions.kinds()), 3L * Math.max(Math.max(retryInterval,
                    timeoutInterval), maintainTables ? maintenanceInterval : 0));
            this.files = new FileService(FileStorageFactory.create(settings),
                    UploadLimits.from(settings));
            this.appService = new AppService(databases, apps, files.storage());
            this.auth = new AuthService(settings.refreshTokenTtlSeconds(), new LoginThrottle(
                    settings.loginMaxFailures(), settings.loginWindowSeconds()));
            this.exports = new ExportService(definitions);
            this.imports = new ImportService(definitions, cluster::metadataChanged);
            writes.addListener(workflowEngine);
            this.listener = cluster.listen(apps);
            hooks = new Webhooks(settings, apps, outbound);
            writes.addListener(hooks.listener());
            scheduler = Jobs.open(databases.management());
            Runnable webhookRetries = hooks.retrier();
            // one retry task: webhook deliveries and transition calls, then workflow starts and calls left behind
            scheduler.every("webhook-retries", hooks.retryIntervalSeconds(), () -> {
                webhookRetries.run();
                apps.eachDue("Workflow outbox", workflowEngine::sweep);
            });
            scheduler.every("workflow-timeouts", timeoutInterval, this::workflowTimeouts);
            if (maintainTables) {
                LOG.warning("PostgreSQL runs with autovacuum = off: Rocket vacuums and analyses its own tables "
                        + "(every " + maintenanceInterval + " s). Turn autovacuum on.");
                scheduler.every("table-maintenance", maintenanceInterval,
                        () -> apps.eachInUse("Table maintenance",
                                app -> TableMaintenance.run(app.name(), app.registry(), app.backgroundDataSource())));
            }
            scheduler.start();
            this.webhooks = hooks;
            this.jobs = scheduler;
        } catch (RuntimeException e) {
            if (scheduler != null) {
                scheduler.close();
            }
            if (hooks != null) {
                hooks.close();
            }
            if (transport != null) {
                transport.close();
            }
            databases.close();
            throw e;
        }
        LOG.info(() -> "Rocket started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    public static Rocket start(Settings settings) {
        return new Rocket(settings);
    }

    public Databases databases() {
        return databases;
    }

    public PlatformService platform() {
        return platform;
    }

    public AppDirectory apps() {
        return apps;
    }

    public AppService appService() {
        return appService;
    }

    public AuthService auth() {
        return auth;
    }

    /** Every definition kind of the admin API, in dependency order. */
    public Definitions definitions() {
        return definitions;
    }

    /**
     * The definition kinds, in dependency order (export and import follow it): entities and relations make the
     * schema; the others are validated against it and kept in each app's registry. A new kind is added here.
     */
    static Definitions definitions(ExpressionEngine engine, Consumer<AppContext> changed, AddressPolicy targets) {
        return new Definitions(List.of(
                new EntityStore(changed),
                new RelationStore(changed),
                new DefinitionService<>(RuleKind.KIND, engine, changed),
                new DefinitionService<>(StateMachineKind.KIND, engine, changed),
                new DefinitionService<>(WorkflowKind.KIND, engine, changed),
                new DefinitionService<>(PolicyKind.KIND, engine, changed),
                new DefinitionService<>(WebhookKind.KIND, engine, changed, Webhooks.refusedTargets(targets))));
    }

    public ExportService exports() {
        return exports;
    }

    public ImportService imports() {
        return imports;
    }

    public WorkflowService workflows() {
        return workflows;
    }

    public WorkflowEngine workflowEngine() {
        return workflowEngine;
    }

    /** Approval steps past their deadline, in the apps whose work may be due. */
    private void workflowTimeouts() {
        apps.eachDue("Workflow timeouts", app -> workflowEngine.timeouts(app, app.registry()));
    }

    /** Record writes; webhooks and workflows register as {@link WriteListener}s here. */
    public WriteService writes() {
        return writes;
    }

    public ExpressionEngine engine() {
        return engine;
    }

    /** Uploads of every app (docs/files.md). */
    public FileService files() {
        return files;
    }

    /** Webhook definitions, delivery logs, dispatch and retries. */
    public Webhooks webhooks() {
        return webhooks;
    }

    /** Cross-node change notifications (metadata reloads, user status). */
    public ClusterEvents cluster() {
        return cluster;
    }

    /**
     * Admits one request, unless Rocket is stopping (then false: answer 503). Every admitted request is
     * followed by {@link #leave()}; {@link #close()} waits for them (bounded).
     */
    public boolean enter() {
        inFlight.incrementAndGet();
        if (stopping) {
            leave();
            return false;
        }
        return true;
    }

    public void leave() {
        if (inFlight.decrementAndGet() == 0 && stopping) {
            synchronized (inFlight) {
                inFlight.notifyAll();
            }
        }
    }

    /** How long each step of {@link #close()} may wait (requests, scheduled tasks): ROCKET_STOP_TIMEOUT seconds. */
    private Duration stopTimeout() {
        return Duration.ofSeconds(settings.stopTimeoutSeconds());
    }

    /**
     * Stops this node, in this order: no new requests (503), requests in progress finish (bounded); the
     * scheduler stops firing; webhook retries stop between rows and the senders finish their calls (bounded;
     * what they did not send stays pending in the outbox for the retry task of any node); the scheduler
     * shuts down (bounded, never an unbounded wait); workflows, outbound calls, the change listener; the app
     * pools, the management pool, and last the embedded PostgreSQL when Rocket started one. One part
     * failing to stop does not keep the others (or the database) running.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t0 = System.nanoTime();
        Duration timeout = stopTimeout();
        stopping = true;
        quietly("requests", () -> awaitRequests(timeout));
        quietly("jobs (standby)", jobs::standby);
        quietly("webhooks", webhooks::close); // stops retries between rows and the sender threads
        quietly("jobs", () -> jobs.close(timeout));
        quietly("workflows", workflowEngine::close);
        quietly("outbound calls", outbound::close);
        quietly("change listener", listener::close);
        quietly("apps", apps::close);
        quietly("databases", databases::close);
        quietly("JDBC driver", Rocket::deregisterOwnDrivers);
        LOG.info(() -> "Rocket stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /**
     * The PostgreSQL driver in the WAR registered itself with the JVM-wide DriverManager when it loaded; left
     * there it keeps this application's class loader alive after an undeploy (and Tomcat warns about it).
     */
    private static void deregisterOwnDrivers() {
        ClassLoader mine = Rocket.class.getClassLoader();
        if (mine == ClassLoader.getSystemClassLoader()) {
            return; // not in a container: nothing to unload
        }
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == mine) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException e) {
                    LOG.fine(() -> "driver not deregistered: " + e.getMessage());
                }
            }
        }
    }

    private void awaitRequests(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inFlight) {
            while (inFlight.get() > 0) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    LOG.warning(inFlight.get() + " request(s) still running after " + timeout.toSeconds()
                            + " s; stopping anyway");
                    return;
                }
                try {
                    inFlight.wait(Math.min(left, 100));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void quietly(String what, Runnable close) {
        try {
            close.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stopping " + what + " failed", e);
        }
    }
}
