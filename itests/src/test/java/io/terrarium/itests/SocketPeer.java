package io.terrarium.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream server on loopback TCP or a unix socket that holds a scripted conversation with each client, in a
 * thread per connection: the local stand-in for memcached, hddtemp, dovecot and the like. The request counter
 * is shared by all connections, so a peer can answer its n-th request the same way to every plugin, whether
 * or not the plugin keeps its connection alive.
 */
final class SocketPeer implements AutoCloseable {

    /** One connection's conversation; returns when the peer should close the connection. */
    interface Conversation {
        void talk(InputStream in, OutputStream out, SocketPeer peer) throws IOException;
    }

    private final ServerSocketChannel server;
    private final Conversation conversation;
    private final Path socketFile;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private SocketPeer(ServerSocketChannel server, Path socketFile, Conversation conversation) {
        this.server = server;
        this.socketFile = socketFile;
        this.conversation = conversation;
        acceptor = new Thread(this::accept, "socket-peer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SocketPeer tcp(Conversation conversation) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new SocketPeer(server, null, conversation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SocketPeer unix(Path file, Conversation conversation) {
        try {
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(file));
            return new SocketPeer(server, file, conversation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts a request and returns its number, from 1. */
    int nextRequest() {
        return requests.incrementAndGet();
    }

    int requests() {
        return requests.get();
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                continue;
            }
            clients.add(client);
            Thread thread = new Thread(() -> {
                try (client) {
                    conversation.talk(Channels.newInputStream(client), Channels.newOutputStream(client), this);
                } catch (IOException e) {
                    // the plugin hung up
                } finally {
                    clients.remove(client);
                }
            }, "socket-peer-client");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** A line up to and including '\n', without the line break (and a trailing '\r'); null at end of input. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Bytes up to the terminator (left out), as text; null at end of input. */
    static String readUntil(InputStream in, String terminator) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] end = terminator.getBytes(StandardCharsets.UTF_8);
        int b;
        while ((b = in.read()) >= 0) {
            bytes.write(b);
            byte[] sofar = bytes.toByteArray();
            if (sofar.length >= end.length
                    && Arrays.equals(sofar, sofar.length - end.length, sofar.length, end, 0, end.length)) {
                return new String(sofar, 0, sofar.length - end.length, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Writes the whole answer in one write, as the real servers do for answers this small. */
    static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (SocketChannel client : clients) {
            try {
                client.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(2_000);
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the temp dir goes anyway
        }
    }
}
