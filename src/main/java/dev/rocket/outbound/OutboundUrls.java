package dev.rocket.outbound;

import dev.rocket.net.IpLiterals;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * The check of an outbound URL when it is defined (webhooks, state-machine webhook actions, workflow webhook
 * steps): absolute {@code http://} or {@code https://} with a host, no user credentials, and no ambiguous
 * all-numeric host such as {@code 2130706433} or {@code 0177.0.0.1}. Whether the target may be reached is decided
 * when connecting ({@link GuardedDnsResolver}).
 */
public final class OutboundUrls {
    private static final Pattern HOST_NAME =
            Pattern.compile("^(?=.{1,253}\\.?$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.)*"
                    + "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\\.?$");

    private OutboundUrls() {
    }

    /** What a URL that is no absolute http(s) URL with a host is told. */
    static final String NOT_HTTP = "url must start with http:// or https://";

    /** Why {@code url} cannot be an outbound target ("url must …"), or null when it can. */
    public static String problem(String url) {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            return NOT_HTTP;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return NOT_HTTP;
        }
        String host = host(uri);
        if (host == null || host.isEmpty()) {
            return NOT_HTTP;
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().indexOf('@') >= 0) {
            return "url must not contain user credentials";
        }
        if (IpLiterals.ambiguous(host)) {
            return "url host must be a name or a dotted IPv4 address";
        }
        if (!hostName(host) && IpLiterals.parse(host) == null) {
            return NOT_HTTP;
        }
        return null;
    }

    /** The host of a URL that {@link #problem} accepted. */
    public static String host(String url) {
        return host(URI.create(url));
    }

    /**
     * The host as HTTP clients read it: {@link URI#getHost()} is null for hosts outside its grammar (such as
     * {@code 127.1} or names with '_'), so then it is taken from the authority.
     */
    private static String host(URI uri) {
        if (uri.getHost() != null) {
            return uri.getHost();
        }
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return null;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            return hostPort.substring(0, hostPort.indexOf(']') + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }

    /** A DNS host name (labels of letters, digits, '-' and '_'), not an address. */
    static boolean hostName(String s) {
        return HOST_NAME.matcher(s).matches() && !IpLiterals.ambiguous(s) && IpLiterals.parse(s) == null;
    }
}
