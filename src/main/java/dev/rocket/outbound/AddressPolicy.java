package dev.rocket.outbound;

import dev.rocket.config.Settings;
import dev.rocket.net.Cidr;
import dev.rocket.net.IpLiterals;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which addresses outbound calls may connect to. Refused: loopback, private (RFC 1918 and 100.64/10), link-local,
 * unique-local, multicast, unspecified, broadcast and other reserved ranges — also when an IPv6 address embeds
 * such an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4). {@value #ALLOWED_NETWORKS} (comma-separated
 * CIDRs, single addresses or host names) admits targets anyway: addresses within an admitted network, and every
 * address of an admitted host name. Immutable and thread-safe.
 */
public final class AddressPolicy {
    public static final String ALLOWED_NETWORKS = Settings.WEBHOOK_ALLOWED_NETWORKS;

    private static final List<Cidr> REFUSED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"), Cidr.parse("127.0.0.0/8"),
            Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"), Cidr.parse("192.0.0.0/24"),
            Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"), Cidr.parse("224.0.0.0/4"),
            Cidr.parse("240.0.0.0/4"), Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"),
            Cidr.parse("fe80::/10"), Cidr.parse("fec0::/10"), Cidr.parse("ff00::/8"));
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");

    private final List<Cidr> allowedNetworks;
    private final Set<String> allowedHosts;

    private AddressPolicy(List<Cidr> allowedNetworks, Set<String> allowedHosts) {
        this.allowedNetworks = List.copyOf(allowedNetworks);
        this.allowedHosts = Set.copyOf(allowedHosts);
    }

    /** The policy with {@value #ALLOWED_NETWORKS}; an entry that is neither a network nor a host name stops startup. */
    public static AddressPolicy fromSettings(Settings settings) {
        try {
            return of(settings.webhookAllowedNetworks());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("Setting " + ALLOWED_NETWORKS + ": " + e.getMessage(), e);
        }
    }

    /** A policy admitting the comma-separated CIDRs, addresses and host names of {@code allowed} (may be empty). */
    public static AddressPolicy of(String allowed) {
        List<Cidr> networks = new ArrayList<>();
        Set<String> hosts = new HashSet<>();
        for (String raw : allowed.split(",")) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.indexOf('/') >= 0 || IpLiterals.parse(entry) != null) {
                networks.add(Cidr.parse(entry));
            } else if (OutboundUrls.hostName(entry)) {
                hosts.add(entry.toLowerCase(Locale.ROOT));
            } else {
                throw new IllegalArgumentException("neither a network nor a host name: " + entry);
            }
        }
        return new AddressPolicy(networks, hosts);
    }

    /** May a call to {@code host} (the URL's host) connect to {@code address} (one of its resolved addresses)? */
    public boolean allows(String host, InetAddress address) {
        if (allowedHosts.contains(IpLiterals.unbracket(host).toLowerCase(Locale.ROOT))) {
            return true;
        }
        InetAddress embedded = embeddedIpv4(address);
        if (admitted(address) || embedded != null && admitted(embedded)) {
            return true;
        }
        return !refused(address) && (embedded == null || !refused(embedded));
    }

    /** A URL host that is an IP literal this policy refuses (checked when a URL is defined); false for names. */
    public boolean refusesLiteral(String host) {
        InetAddress a = IpLiterals.parse(host);
        return a != null && !allows(host, a);
    }

    private boolean admitted(InetAddress a) {
        return allowedNetworks.stream().anyMatch(n -> n.contains(a));
    }

    private static boolean refused(InetAddress a) {
        return REFUSED.stream().anyMatch(n -> n.contains(a));
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 or 6to4 IPv6 address; else null. */
    static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] b = address.getAddress();
        boolean zeros = true;
        for (int i = 0; i < 10; i++) {
            zeros &= b[i] == 0;
        }
        int from;
        if (zeros && (b[10] == 0 && b[11] == 0 || b[10] == (byte) 0xff && b[11] == (byte) 0xff) || NAT64.contains(address)) {
            from = 12;
        } else if (SIX_TO_FOUR.contains(address)) {
            from = 2;
        } else {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}
