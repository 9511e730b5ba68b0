package io.terrarium.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/** A UDP server on loopback answering each datagram with one datagram (the local stand-in for ntpd). */
final class UdpPeer implements AutoCloseable {

    private final DatagramSocket socket;
    private final AtomicInteger requests = new AtomicInteger();
    private final Thread thread;

    /** {@code answer} gets the request's number (from 1) and bytes, and returns the reply's bytes. */
    UdpPeer(BiFunction<Integer, byte[], byte[]> answer) {
        try {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(() -> {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket request = new DatagramPacket(buffer, buffer.length);
                    socket.receive(request);
                    byte[] reply = answer.apply(requests.incrementAndGet(),
                            Arrays.copyOf(request.getData(), request.getLength()));
                    socket.send(new DatagramPacket(reply, reply.length, request.getSocketAddress()));
                } catch (IOException e) {
                    // closed, or the plugin went away
                }
            }
        }, "udp-peer");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
