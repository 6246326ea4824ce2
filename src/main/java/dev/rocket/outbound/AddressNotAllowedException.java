package dev.rocket.outbound;

import java.net.UnknownHostException;

/**
 * A target host whose addresses the {@link AddressPolicy} refuses: raised in the HTTP client's name resolution,
 * so no connection is ever attempted. Its message names only the host.
 */
public final class AddressNotAllowedException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    AddressNotAllowedException(String host) {
        super("address not allowed: " + host);
    }
}
