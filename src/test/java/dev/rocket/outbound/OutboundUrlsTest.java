package dev.rocket.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The check of an outbound URL when it is defined. */
class OutboundUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://hooks.example.com/o", "http://x", "http://127.0.0.1:8080/ok",
            "http://[::1]:9000/", "https://a-b.example:8443/p?q=1"})
    void acceptsHttpUrlsWithAHost(String url) {
        assertThat(OutboundUrls.problem(url)).as(url).isNull();
    }

    @Test
    void refusesOtherSchemesMissingHostsAndCredentials() {
        assertThat(OutboundUrls.problem("ftp://x")).isEqualTo("url must start with http:// or https://");
        assertThat(OutboundUrls.problem("/relative")).isEqualTo("url must start with http:// or https://");
        assertThat(OutboundUrls.problem("http://")).isEqualTo("url must start with http:// or https://");
        assertThat(OutboundUrls.problem("http:///path")).isEqualTo("url must start with http:// or https://");
        assertThat(OutboundUrls.problem("http://a!b/")).isEqualTo("url must start with http:// or https://");
        assertThat(OutboundUrls.problem("http://user:pw@hook.example/")).isEqualTo("url must not contain user credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0177.0.0.1/", "http://0x7f.0.0.1/", "http://127.1/",
            "http://0x7f000001/", "http://017700000001/", "http://127.000.000.001/"})
    void refusesAmbiguousNumericHosts(String url) {
        assertThat(OutboundUrls.problem(url)).as(url).isEqualTo("url host must be a name or a dotted IPv4 address");
    }
}
