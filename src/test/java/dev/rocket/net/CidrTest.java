package dev.rocket.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void networksContainTheirAddressesOnly() {
        Cidr c = Cidr.parse("172.16.0.0/12");
        assertThat(c.contains(IpLiterals.parse("172.31.255.255"))).isTrue();
        assertThat(c.contains(IpLiterals.parse("172.32.0.0"))).isFalse();
        assertThat(c.contains(IpLiterals.parse("::1"))).as("other family").isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").contains(IpLiterals.parse("8.8.8.8"))).isTrue();
        assertThat(Cidr.parse("fc00::/7").contains(IpLiterals.parse("[fd12::1]"))).isTrue();
        assertThat(Cidr.parse("192.0.2.7").contains(IpLiterals.parse("192.0.2.8"))).as("a bare address is one host").isFalse();
    }

    @Test
    void whatIsNoNetworkIsRefused() {
        for (String bad : List.of("10.0.0.0/33", "10.0.0/8", "example.com", "10.0.0.0/", "::1/129", "10.0.0.0/x")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void literalsAreParsedWithoutLookingUpNames() {
        assertThat(IpLiterals.parse("999.1.1.1")).isNull();
        assertThat(IpLiterals.parse("foo:bar")).isNull();
        assertThat(IpLiterals.parse("localhost")).isNull();
        assertThat(IpLiterals.parse("0177.0.0.1")).isNull();
        assertThat(IpLiterals.ambiguous("0177.0.0.1")).isTrue();
        assertThat(IpLiterals.ambiguous("2130706433")).isTrue();
        assertThat(IpLiterals.parse("[::ffff:127.0.0.1]")).isNotNull();
    }
}
