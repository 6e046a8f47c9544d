package dev.hark.infrastructure.testing.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy in front of Redis that can swallow the server's replies and cut every
 * connection: the one way to make a command run on the server while its client never hears the
 * answer, which is when Lettuce replays it after reconnecting (H34). Test code only; each
 * connection is pumped by two threads that end with it.
 */
public final class ReplyDroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong repliesDropped = new AtomicLong();
    private volatile boolean dropReplies;
    private volatile boolean closed;

    private ReplyDroppingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "redis-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ReplyDroppingProxy to(int upstreamPort) {
        try {
            return new ReplyDroppingProxy(upstreamPort);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("redis://127.0.0.1:" + listener.getLocalPort());
    }

    /** From now on, bytes from Redis to clients are discarded (commands still reach Redis). */
    public void dropReplies(boolean drop) {
        this.dropReplies = drop;
    }

    /** Bytes of replies discarded so far. */
    public long repliesDropped() {
        return repliesDropped.get();
    }

    /** Closes every proxied connection, both sides. New connections are accepted as before. */
    public void cutAll() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cutAll();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (replies && dropReplies) {
                        repliesDropped.addAndGet(read);
                        continue;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // the connection was cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, replies ? "redis-proxy-replies" : "redis-proxy-commands");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
