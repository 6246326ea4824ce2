package dev.rocket.http;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import dev.rocket.Rocket;
import dev.rocket.admin.Definitions;
import dev.rocket.auth.AuthService;
import dev.rocket.config.Settings;
import dev.rocket.db.Databases;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.files.FileService;
import dev.rocket.json.Json;
import dev.rocket.tenancy.AppDirectory;
import dev.rocket.tenancy.AppService;
import dev.rocket.tenancy.ClusterEvents;
import dev.rocket.tenancy.PlatformService;
import dev.rocket.transfer.ExportService;
import dev.rocket.transfer.ImportService;
import dev.rocket.webhook.WebhookLogService;
import dev.rocket.workflow.WorkflowEngine;
import dev.rocket.workflow.WorkflowService;
import dev.rocket.write.WriteService;
import java.util.logging.Logger;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletProperties;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;

/**
 * The JAX-RS application: starts the {@link Rocket} runtime and registers every resource, filter and
 * provider explicitly (no classpath scanning).
 */
public class RocketApplication extends ResourceConfig {
    private static final Logger LOG = Logger.getLogger(RocketApplication.class.getName());
    private final Rocket rocket;
    private final DirectEntityRoutes direct;

    public RocketApplication() {
        Settings settings = new Settings();
        TrustedProxies proxies;
        Rocket rocket;
        try {
            proxies = TrustedProxies.from(settings); // a bad setting stops startup before anything opens
            rocket = Rocket.start(settings);
        } catch (RuntimeException | Error e) {
            exitIfAsked(settings, e);
            throw e;
        }
        this.rocket = rocket;
        Bodies bodies = new Bodies(settings.maxBodySize());
        Security security = new Security(rocket.platform().tokens(), rocket.platform().activeUsers());

        // the static admin UI under /admin is served by the filters after this one
        property(ServletProperties.FILTER_STATIC_CONTENT_REGEX, "/admin(/.*)?");
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.BV_FEATURE_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);

        register(new JacksonJsonProvider(Json.MAPPER));
        register(new RequestFilter(bodies, rocket.files().limits()));
        register(ErrorMapper.class);
        AdminGate gate = new AdminGate(rocket.apps(), security);
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                // what the resources and the error mapper take in their constructors
                bind(rocket.databases()).to(Databases.class);
                bind(rocket.platform()).to(PlatformService.class);
                bind(rocket.apps()).to(AppDirectory.class);
                bind(rocket.appService()).to(AppService.class);
                bind(rocket.cluster()).to(ClusterEvents.class);
                bind(rocket.auth()).to(AuthService.class);
                bind(rocket.definitions()).to(Definitions.class);
                bind(rocket.engine()).to(ExpressionEngine.class);
                bind(rocket.writes()).to(WriteService.class);
                bind(rocket.workflows()).to(WorkflowService.class);
                bind(rocket.workflowEngine()).to(WorkflowEngine.class);
                bind(rocket.exports()).to(ExportService.class);
                bind(rocket.imports()).to(ImportService.class);
                bind(rocket.files()).to(FileService.class);
                bind(rocket.webhooks().logs()).to(WebhookLogService.class);
                bind(bodies).to(Bodies.class);
                bind(security).to(Security.class);
                bind(gate).to(AdminGate.class);
                bind(proxies).to(TrustedProxies.class);
            }
        });
        register(new AbstractContainerLifecycleListener() {
            @Override
            public void onShutdown(Container container) {
                rocket.close();
            }
        });

        register(HealthResource.class);
        register(PlatformAuthResource.class);
        register(PlatformAppsResource.class);
        register(AppAuthResource.class);
        register(AdminUsersResource.class);
        register(AdminDefinitionsResource.class);
        register(AdminAuditResource.class);
        register(AdminRuleTesterResource.class);
        register(AdminTransferResource.class);
        register(WorkflowsResource.class);
        register(FilesResource.class);
        register(AdminWebhooksResource.class);
        register(OpenApiResource.class);
        register(ApiDocsResource.class);
        EntityResource entities = new EntityResource(rocket.apps(), rocket.writes(), security, bodies);
        register(entities);
        this.direct = new DirectEntityRoutes(entities, bodies);
    }

    Rocket rocket() {
        return rocket;
    }

    /** The entity routes as {@link RocketFilter} answers them without Jersey. */
    DirectEntityRoutes direct() {
        return direct;
    }

    /**
     * With {@code ROCKET_EXIT_ON_START_FAILURE=true} (set by {@code mvn cargo:run}) a failed start ends the
     * JVM (exit status 1) instead of leaving a server that answers 404 for a dead application. The exit runs
     * on a thread of its own, so the container finishes failing the deployment and stops in order. When the
     * JVM was started by Maven (Cargo), Maven is asked to end too (TERM): Cargo itself would wait for the
     * dead server until its timeout and then keep running.
     */
    private static void exitIfAsked(Settings settings, Throwable failure) {
        if (!settings.exitOnStartFailure()) {
            return;
        }
        LOG.severe("Rocket could not start: " + failure.getMessage()
                + " — exiting (" + Settings.EXIT_ON_START_FAILURE + "=true)");
        ProcessHandle.current().parent().filter(RocketApplication::isMaven).ifPresent(ProcessHandle::destroy);
        Thread exit = new Thread(() -> System.exit(1), "rocket-exit");
        exit.setDaemon(false);
        exit.start();
    }

    private static boolean isMaven(ProcessHandle process) {
        return process.info().arguments().map(args -> String.join(" ", args))
                .filter(line -> line.contains("org.codehaus.plexus.classworlds")).isPresent();
    }
}
