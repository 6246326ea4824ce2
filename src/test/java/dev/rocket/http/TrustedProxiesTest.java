package dev.rocket.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Client addresses behind reverse proxies: only a trusted peer's forwarding headers are believed. */
class TrustedProxiesTest {
    private static TrustedProxies trusting(String... cidrs) {
        return new TrustedProxies(java.util.Arrays.stream(cidrs).map(c -> Cidr.parse(c)).toList());
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClient() {
        assertThat(trusting().clientOf("10.0.0.5", List.of("203.0.113.7"), List.of())).isEqualTo("10.0.0.5");
    }

    @Test
    void anUntrustedPeerCannotClaimAnotherAddress() {
        assertThat(trusting("10.0.0.0/8").clientOf("198.51.100.9", List.of("203.0.113.7"), List.of()))
                .isEqualTo("198.51.100.9");
    }

    @Test
    void theRightMostUntrustedHopIsTheClient() {
        TrustedProxies p = trusting("10.0.0.0/8", "192.168.1.1");
        assertThat(p.clientOf("10.0.0.5", List.of("203.0.113.7"), List.of())).isEqualTo("203.0.113.7");
        // the client wrote the left-most entries itself: they are not believed
        assertThat(p.clientOf("10.0.0.5", List.of("1.2.3.4, 203.0.113.7, 192.168.1.1"), List.of())).isEqualTo("203.0.113.7");
        assertThat(p.clientOf("10.0.0.5", List.of("1.2.3.4", "203.0.113.7:5123"), List.of())).isEqualTo("203.0.113.7");
    }

    @Test
    void allHopsTrustedGivesTheLeftMost() {
        assertThat(trusting("10.0.0.0/8").clientOf("10.0.0.5", List.of("10.1.1.1, 10.2.2.2"), List.of())).isEqualTo("10.1.1.1");
        assertThat(trusting("10.0.0.0/8").clientOf("10.0.0.5", List.of(), List.of())).isEqualTo("10.0.0.5");
    }

    @Test
    void forwardedHeaderIsReadWhenThereIsNoXForwardedFor() {
        TrustedProxies p = trusting("10.0.0.0/8");
        assertThat(p.clientOf("10.0.0.5", List.of(), List.of("for=192.0.2.60;proto=http;by=203.0.113.43")))
                .isEqualTo("192.0.2.60");
        assertThat(p.clientOf("10.0.0.5", List.of(), List.of("for=1.1.1.1, For=\"[2001:db8:cafe::17]:4711\"")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    }

    @Test
    void ipv6AndMappedAddressesMatch() {
        TrustedProxies p = trusting("::1", "fd00::/8");
        assertThat(p.clientOf("0:0:0:0:0:0:0:1", List.of("203.0.113.7"), List.of())).isEqualTo("203.0.113.7");
        assertThat(p.clientOf("fd12::3", List.of("2001:db8::1"), List.of())).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(trusting("127.0.0.0/8").clientOf("::ffff:127.0.0.1", List.of("203.0.113.7"), List.of()))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void aHopThatIsNoAddressIsTakenAsItIsAndNeverLookedUp() {
        TrustedProxies p = trusting("10.0.0.0/8");
        assertThat(p.clientOf("10.0.0.5", List.of("unknown"), List.of())).isEqualTo("unknown");
        assertThat(p.clientOf("10.0.0.5", List.of("999.1.1.1"), List.of())).isEqualTo("999.1.1.1");
        assertThat(p.clientOf("10.0.0.5", List.of("x".repeat(500)), List.of())).hasSize(64);
    }

    @Test
    void aMalformedSettingStopsStartup() {
        System.setProperty(TrustedProxies.SETTING, "10.0.0.0/8, proxy.internal");
        try {
            assertThatThrownBy(() -> TrustedProxies.from(new dev.rocket.config.Settings()))
                    .hasMessageContaining("proxy.internal");
        } finally {
            System.clearProperty(TrustedProxies.SETTING);
        }
    }
}
