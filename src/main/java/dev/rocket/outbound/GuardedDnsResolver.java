package dev.rocket.outbound;

import dev.rocket.net.IpLiterals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The name resolution of the outbound HTTP client: resolves a host once, keeps only the addresses the
 * {@link AddressPolicy} allows and hands exactly those to the client, which connects to them — so the address
 * checked is the address connected to, and a DNS answer that changes between two lookups (rebinding) cannot
 * slip a refused address in. Ambiguous numeric hosts are refused before any lookup; a host with no allowed
 * address raises {@link AddressNotAllowedException}. Never returns an unresolved address.
 */
public final class GuardedDnsResolver implements DnsResolver {

    /** The lookup of a host's addresses (the system resolver, or a fixed table in tests). */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    private final AddressPolicy policy;
    private final Lookup lookup;

    public GuardedDnsResolver(AddressPolicy policy) {
        this(policy, InetAddress::getAllByName);
    }

    public GuardedDnsResolver(AddressPolicy policy, Lookup lookup) {
        this.policy = policy;
        this.lookup = lookup;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = IpLiterals.unbracket(host);
        if (IpLiterals.ambiguous(name)) {
            throw new AddressNotAllowedException(host);
        }
        List<InetAddress> allowed = new ArrayList<>();
        for (InetAddress a : lookup.addresses(name)) {
            if (policy.allows(name, a)) {
                allowed.add(a);
            }
        }
        if (allowed.isEmpty()) {
            throw new AddressNotAllowedException(host);
        }
        return allowed.toArray(InetAddress[]::new);
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        List<InetSocketAddress> out = new ArrayList<>();
        for (InetAddress a : resolve(host)) {
            out.add(new InetSocketAddress(a, port));
        }
        return out;
    }

    /** Only used for Kerberos/SPNEGO, which outbound calls never do: the host as given, without a lookup. */
    @Override
    public String resolveCanonicalHostname(String host) {
        return host;
    }
}
