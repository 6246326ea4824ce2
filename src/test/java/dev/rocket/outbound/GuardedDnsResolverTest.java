package dev.rocket.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The name resolution of outbound calls: resolved once, checked, and only checked addresses handed on. */
class GuardedDnsResolverTest {

    private static InetAddress[] ips(String... literals) throws UnknownHostException {
        InetAddress[] out = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            out[i] = InetAddress.getByName(literals[i]);
        }
        return out;
    }

    @Test
    void aNameResolvingToAPrivateAddressIsRefused() {
        GuardedDnsResolver r = new GuardedDnsResolver(AddressPolicy.of(""), host -> ips("169.254.169.254"));
        assertThatThrownBy(() -> r.resolve("metadata.attacker.example", 80))
                .isInstanceOf(AddressNotAllowedException.class).hasMessage("address not allowed: metadata.attacker.example");
    }

    @Test
    void onlyTheAllowedAddressesOfANameAreConnectedTo() throws UnknownHostException {
        GuardedDnsResolver r = new GuardedDnsResolver(AddressPolicy.of(""), host -> ips("10.0.0.1", "93.184.215.14"));
        assertThat(r.resolve("mixed.example", 443)).containsExactly(new InetSocketAddress(ips("93.184.215.14")[0], 443));
    }

    @Test
    void theNameIsLookedUpOnceSoARebindingAnswerCannotFollowTheCheck() throws UnknownHostException {
        AtomicInteger lookups = new AtomicInteger();
        // a rebinding DNS server: public on the first answer, loopback on every later one
        GuardedDnsResolver r = new GuardedDnsResolver(AddressPolicy.of(""),
                host -> lookups.getAndIncrement() == 0 ? ips("93.184.215.14") : ips("127.0.0.1"));
        List<InetSocketAddress> target = r.resolve("rebind.example", 80);
        assertThat(lookups).hasValue(1);
        assertThat(target).extracting(InetSocketAddress::getAddress).containsExactly(ips("93.184.215.14"));
        assertThat(target).allMatch(a -> !a.isUnresolved());
        assertThatThrownBy(() -> r.resolve("rebind.example", 80)).isInstanceOf(AddressNotAllowedException.class);
    }

    @Test
    void ambiguousNumericHostsAreRefusedWithoutALookup() {
        AtomicInteger lookups = new AtomicInteger();
        GuardedDnsResolver r = new GuardedDnsResolver(AddressPolicy.of("127.0.0.0/8"), host -> {
            lookups.incrementAndGet();
            return ips("127.0.0.1");
        });
        for (String host : List.of("2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1")) {
            assertThatThrownBy(() -> r.resolve(host, 80)).as(host).isInstanceOf(AddressNotAllowedException.class);
        }
        assertThat(lookups).hasValue(0);
    }

    @Test
    void literalsAreCheckedLikeNames() throws UnknownHostException {
        GuardedDnsResolver r = new GuardedDnsResolver(AddressPolicy.of("127.0.0.0/8"));
        assertThat(r.resolve("127.0.0.1", 80)).hasSize(1);
        assertThatThrownBy(() -> r.resolve("0.0.0.0", 80)).isInstanceOf(AddressNotAllowedException.class);
        assertThatThrownBy(() -> r.resolve("[::1]", 80)).isInstanceOf(AddressNotAllowedException.class);
        assertThatThrownBy(() -> new GuardedDnsResolver(AddressPolicy.of("")).resolve("[::ffff:127.0.0.1]", 80))
                .isInstanceOf(AddressNotAllowedException.class);
    }
}
