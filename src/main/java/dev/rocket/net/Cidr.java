package dev.rocket.net;

import java.net.InetAddress;
import java.util.Arrays;

/** An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}); a bare address is one host. */
public final class Cidr {
    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code address[/prefix]}; the address must be a literal (no name is looked up).
     *
     * @throws IllegalArgumentException when it is not a network
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        InetAddress address = IpLiterals.parse(host);
        if (address == null) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an IP network: " + text, e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("not an IP network: " + text);
        }
        return new Cidr(bytes, prefix);
    }

    /** True when {@code address} is of this network's family and within it. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return Arrays.toString(network) + "/" + prefix;
    }
}
