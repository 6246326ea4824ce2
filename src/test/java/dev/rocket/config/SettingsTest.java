package dev.rocket.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every {@code ROCKET_*} setting is named in {@link Settings} only, and the README's table lists exactly those. */
class SettingsTest {
    private static final Pattern NAME = Pattern.compile("ROCKET_[A-Z0-9_]*[A-Z0-9](?![A-Z0-9_]*\\*)");

    @Test
    void noSettingIsNamedOutsideSettings() throws IOException {
        List<String> outside = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (!f.endsWith(Path.of("dev/rocket/config/Settings.java")) && Files.readString(f).contains("\"ROCKET_")) {
                    outside.add(f.toString());
                }
            }
        }
        assertThat(outside).as("files naming a ROCKET_* setting: read it through Settings").isEmpty();
    }

    @Test
    void theReadmeTableListsEverySetting() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            if (line.startsWith("| `ROCKET_")) {
                Matcher m = NAME.matcher(line.substring(0, line.indexOf('|', 1)));
                while (m.find()) {
                    documented.add(m.group());
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(Settings.NAMES);
    }

    @Test
    void systemPropertiesWinOverTheEnvironmentAndDefaultsApply() {
        Settings s = new Settings(Map.of(Settings.WEBHOOK_SENDERS, "3", Settings.APP_POOL_SIZE, "12"));
        assertThat(s.webhookSenders()).isEqualTo(3);
        assertThat(s.webhookSyncCallsPerApp()).isEqualTo(6); // half the app pool
        assertThat(s.loginMaxFailures()).isEqualTo(10);
        assertThat(s.maxConnections()).isEmpty();
        System.setProperty(Settings.WEBHOOK_SENDERS, "5");
        try {
            assertThat(s.webhookSenders()).isEqualTo(5);
        } finally {
            System.clearProperty(Settings.WEBHOOK_SENDERS);
        }
        assertThatThrownBy(() -> new Settings(Map.of(Settings.MAX_BODY_SIZE, "big")).maxBodySize())
                .hasMessageContaining(Settings.MAX_BODY_SIZE);
    }
}
