package dev.rocket.http;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;
import dev.rocket.Rocket;
import dev.rocket.admin.Definitions;
import dev.rocket.config.Settings;
import dev.rocket.json.Json;
import dev.rocket.tenancy.AppDirectory;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.AbstractContainerLifecycleListener;

/**
 * The JAX-RS application: starts the {@link Rocket} runtime and registers every resource, filter and
 * provider explicitly (no classpath scanning).
 */
public class RocketApplication extends ResourceConfig {

    public RocketApplication() {
        Settings settings = new Settings();
        TrustedProxies proxies = TrustedProxies.from(settings); // a bad setting stops startup before anything opens
        Rocket rocket = Rocket.start(settings);
        Bodies bodies = new Bodies(settings.maxBodySize());
        Security security = new Security(rocket.platform().tokens(), rocket.platform().activeUsers());

        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.BV_FEATURE_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        property(ServerProperties.PROCESSING_RESPONSE_ERRORS_ENABLED, true);

        register(new JacksonJsonProvider(Json.MAPPER));
        register(new RequestFilter(bodies, rocket.files().limits()));
        register(ErrorMapper.class);
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                bind(rocket).to(Rocket.class);
                bind(rocket.apps()).to(AppDirectory.class);
                bind(rocket.definitions()).to(Definitions.class);
                bind(bodies).to(Bodies.class);
                bind(security).to(Security.class);
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
        register(EntityResource.class);
    }
}
