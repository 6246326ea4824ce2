package dev.rocket.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which resolved addresses outbound calls may connect to. */
class AddressPolicyTest {
    private static final AddressPolicy DEFAULT = AddressPolicy.of("");

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "0.0.0.0", "10.1.2.3", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "100.64.0.1", "100.127.255.254", "169.254.169.254", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "240.0.0.1", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
            "::ffff:127.0.0.1", "::127.0.0.1", "::ffff:169.254.169.254", "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::1", "fec0::1"})
    void refusesLoopbackPrivateLinkLocalUniqueLocalMulticastUnspecifiedAndEmbeddedForms(String address)
            throws UnknownHostException {
        assertThat(DEFAULT.allows("hook.example", ip(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255",
            "100.128.0.1", "2606:4700::6810:84e5", "::ffff:8.8.8.8", "2002:0808:0808::1"})
    void allowsPublicAddresses(String address) throws UnknownHostException {
        assertThat(DEFAULT.allows("hook.example", ip(address))).as(address).isTrue();
    }

    @Test
    void allowedNetworksAdmitTheirAddressesAndTheirIpv6Forms() throws UnknownHostException {
        AddressPolicy p = AddressPolicy.of("127.0.0.0/8, 10.20.0.0/16,fd00::/8");
        assertThat(p.allows("x", ip("127.0.0.1"))).isTrue();
        assertThat(p.allows("x", ip("::ffff:127.0.0.2"))).isTrue();
        assertThat(p.allows("x", ip("::127.0.0.3"))).isTrue();
        assertThat(p.allows("x", ip("10.20.30.40"))).isTrue();
        assertThat(p.allows("x", ip("fd00::5"))).isTrue();
        // what the list does not name stays refused
        assertThat(p.allows("x", ip("10.21.0.1"))).isFalse();
        assertThat(p.allows("x", ip("0.0.0.0"))).isFalse();
        assertThat(p.allows("x", ip("::1"))).isFalse();
        assertThat(p.allows("x", ip("169.254.169.254"))).isFalse();
    }

    @Test
    void anAllowedHostNameAdmitsEveryAddressOfThatNameOnly() throws UnknownHostException {
        AddressPolicy p = AddressPolicy.of("intranet.corp.example, 192.168.7.7");
        assertThat(p.allows("Intranet.Corp.Example", ip("10.0.0.5"))).isTrue();
        assertThat(p.allows("other.corp.example", ip("10.0.0.5"))).isFalse();
        assertThat(p.allows("other.corp.example", ip("192.168.7.7"))).isTrue();
        assertThat(p.allows("other.corp.example", ip("192.168.7.8"))).isFalse();
    }

    @Test
    void refusesLiteralHostsOnlyWhenTheirAddressIsRefused() {
        assertThat(DEFAULT.refusesLiteral("127.0.0.1")).isTrue();
        assertThat(DEFAULT.refusesLiteral("[::ffff:127.0.0.1]")).isTrue();
        assertThat(DEFAULT.refusesLiteral("[::1]")).isTrue();
        assertThat(DEFAULT.refusesLiteral("8.8.8.8")).isFalse();
        assertThat(DEFAULT.refusesLiteral("localhost")).isFalse(); // a name: decided when connecting
        assertThat(AddressPolicy.of("127.0.0.0/8").refusesLiteral("127.0.0.1")).isFalse();
    }

    @Test
    void anInvalidEntryIsASettingError() {
        assertThatThrownBy(() -> AddressPolicy.of("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPolicy.of("not a host")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AddressPolicy.of("0177.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    }
}
