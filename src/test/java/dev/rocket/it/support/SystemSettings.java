package dev.rocket.it.support;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Rocket settings (system properties) for the deployment of one test class. Declare it as a
 * {@code @RegisterExtension static final} field: JUnit reads that field while it prepares the class, before
 * any {@code beforeAll} callback runs — so before Arquillian deploys the WAR and Rocket starts, which is
 * too late for a {@code @BeforeAll} method. The properties are removed again after the class.
 */
public final class SystemSettings implements AfterAllCallback {
    private final Map<String, String> settings;

    private SystemSettings(Map<String, String> settings) {
        this.settings = settings;
        settings.forEach(System::setProperty);
    }

    /** {@code name, value, name, value, …} */
    public static SystemSettings of(String... namesAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new SystemSettings(m);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        settings.keySet().forEach(System::clearProperty);
    }
}
