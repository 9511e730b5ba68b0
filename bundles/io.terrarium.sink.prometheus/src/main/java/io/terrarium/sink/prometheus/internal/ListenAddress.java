package io.terrarium.sink.prometheus.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Where the metrics server listens, as configured: {@code host:port} or {@code [v6 address]:port}; port 0 lets the
 * system pick a free one.
 */
record ListenAddress(String host, int port) {

    /** @throws IllegalArgumentException with a message fit for the log when the text is not host:port */
    static ListenAddress parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("address '" + trimmed + "' is not host:port");
        }
        String host = trimmed.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("address '" + trimmed + "' is not host:port (write an IPv6 address "
                    + "in brackets: [::1]:9464)");
        }
        int port;
        try {
            port = Integer.parseInt(trimmed.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isEmpty() || port < 0 || port > 65_535) {
            throw new IllegalArgumentException("address '" + trimmed + "' is not host:port with a port 0-65535");
        }
        return new ListenAddress(host, port);
    }

    /** @throws UnknownHostException when the host does not resolve */
    InetSocketAddress resolve() throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
