package io.terrarium.sink.prometheus.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** The JDK's HTTP server, bound to one address, handing every request to one handler on the given executor. */
final class MetricsServer {

    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /** Binds and starts; binding takes no time worth mentioning (no blocking in activate). */
    static MetricsServer start(InetSocketAddress address, Executor executor, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server);
    }

    /** The bound address: with port 0 configured, the port the system picked. */
    InetSocketAddress address() {
        return server.getAddress();
    }

    String url(String path) {
        InetSocketAddress bound = address();
        String host = bound.getAddress() instanceof Inet6Address
                ? "[" + bound.getAddress().getHostAddress() + "]" : bound.getAddress().getHostAddress();
        return "http://" + host + ":" + bound.getPort() + path;
    }

    boolean isLoopback() {
        return address().getAddress().isLoopbackAddress();
    }

    /**
     * Closes the socket and every connection at once, cutting a scrape in flight (a new scrape soon follows), and
     * waits for the server's dispatcher thread to end.
     */
    void close() {
        server.stop(0);
    }
}
