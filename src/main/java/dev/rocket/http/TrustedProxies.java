package dev.rocket.http;

import dev.rocket.config.Settings;
import dev.rocket.net.Cidr;
import dev.rocket.net.IpLiterals;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The client address of a request, for login throttling. By default it is the TCP peer. Behind reverse
 * proxies named in {@code ROCKET_TRUSTED_PROXIES} (comma-separated addresses or CIDR blocks), and only
 * when the peer is one of them, it is taken from {@code X-Forwarded-For} (else from {@code Forwarded}):
 * the right-most hop that is not a trusted proxy. Hops left of it were written by the client itself and
 * are never believed. No name is ever resolved: hops are IP literals or they are taken as they are.
 */
public final class TrustedProxies {
    public static final String SETTING = Settings.TRUSTED_PROXIES;
    private static final int MAX_HOP_LENGTH = 64;

    private final List<Cidr> proxies;

    TrustedProxies(List<Cidr> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    /** From {@code ROCKET_TRUSTED_PROXIES}; a malformed entry stops startup with its name. */
    public static TrustedProxies from(Settings settings) {
        List<Cidr> out = new ArrayList<>();
        for (String entry : settings.trustedProxies().split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                try {
                    out.add(Cidr.parse(entry));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(SETTING + " must list IP addresses or CIDR blocks, got: " + entry, e);
                }
            }
        }
        return new TrustedProxies(out);
    }

    public String clientOf(HttpServletRequest request) {
        return clientOf(request.getRemoteAddr(), Collections.list(request.getHeaders("X-Forwarded-For")),
                Collections.list(request.getHeaders("Forwarded")));
    }

    String clientOf(String peer, List<String> xForwardedFor, List<String> forwarded) {
        if (proxies.isEmpty() || !trusted(peer)) {
            return peer;
        }
        List<String> hops = xForwardedFor.isEmpty() ? forwardedFor(forwarded) : split(xForwardedFor);
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hostPart(hops.get(i));
            InetAddress a = literal(hop);
            client = a == null ? hop.substring(0, Math.min(hop.length(), MAX_HOP_LENGTH)) : a.getHostAddress();
            if (a == null || !trusted(a)) {
                break;
            }
        }
        return client;
    }

    private boolean trusted(String address) {
        InetAddress a = literal(address);
        return a != null && trusted(a);
    }

    private boolean trusted(InetAddress a) {
        for (Cidr c : proxies) {
            if (c.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> split(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String h : headers) {
            for (String part : h.split(",")) {
                if (!part.isBlank()) {
                    hops.add(part.trim());
                }
            }
        }
        return hops;
    }

    /** The {@code for=} parameters of RFC 7239 {@code Forwarded} elements, in order. */
    private static List<String> forwardedFor(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String element : split(headers)) {
            for (String pair : element.split(";")) {
                String p = pair.trim();
                if (p.regionMatches(true, 0, "for=", 0, 4)) {
                    hops.add(p.substring(4).replace("\"", "").trim());
                }
            }
        }
        return hops;
    }

    /** An IP literal, or null; never looked up in DNS (a hop may be any text a client wrote). */
    private static InetAddress literal(String s) {
        return s == null || s.length() > MAX_HOP_LENGTH ? null : IpLiterals.parse(s);
    }

    /** Drops brackets and port: {@code [2001:db8::1]:4711} → {@code 2001:db8::1}, {@code 192.0.2.1:80} → {@code 192.0.2.1}. */
    private static String hostPart(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
