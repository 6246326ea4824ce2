package dev.rocket.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP address literals as they appear in URLs, without any name lookup: canonical dotted-quad IPv4
 * ({@code 192.0.2.1}) and IPv6 (bracketed or not). Other all-numeric hosts ({@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f.1}, {@code 127.1}) are ambiguous — resolvers and HTTP clients read them
 * differently (octal, hexadecimal, or as a name) — so Rocket never calls them.
 */
public final class IpLiterals {
    private static final Pattern NUMERIC_HOST =
            Pattern.compile("^(0[xX][0-9a-fA-F]*|[0-9]+)(\\.(0[xX][0-9a-fA-F]*|[0-9]+))*\\.?$");
    /** What an IPv6 literal is made of (at least one colon); anything else would be looked up as a name. */
    private static final Pattern IPV6_CHARACTERS = Pattern.compile("^[0-9a-fA-F.]*:[0-9a-fA-F:.]*(%[0-9A-Za-z_.-]+)?$");
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");

    private IpLiterals() {
    }

    /** The address of a literal host (IPv6 possibly in brackets), or null when it is a name or ambiguous. */
    public static InetAddress parse(String host) {
        String h = unbracket(host);
        if (!DOTTED_QUAD.matcher(h).matches() && !IPV6_CHARACTERS.matcher(h).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(h); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An all-numeric host that is not a canonical dotted quad: refused wherever a URL is checked. */
    public static boolean ambiguous(String host) {
        return NUMERIC_HOST.matcher(host).matches() && !DOTTED_QUAD.matcher(host).matches();
    }

    public static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
