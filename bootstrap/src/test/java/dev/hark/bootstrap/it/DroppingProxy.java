package dev.hark.bootstrap.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on loopback between a client and the server that cuts connections on cue, the way a
 * flaky network does: connection {@code n} (counted from 1) follows {@link Cut} {@code n-1} of its
 * plan, later ones pass through. It also records each connection's request line, so a test can
 * see which resume token the client presented.
 */
final class DroppingProxy implements AutoCloseable {

    /** What happens to one connection. */
    sealed interface Cut {
        /** Relays both ways untouched. */
        record Never() implements Cut {
        }

        /** Drops both sides once the client has sent more than {@code bytes}. */
        record AfterClientBytes(long bytes) implements Cut {
        }

        /** Relays the server's upgrade response, then drops both sides: the client never sees its first message. */
        record RightAfterUpgrade() implements Cut {
        }
    }

    private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final int upstreamPort;
    private final List<Cut> plan;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    DroppingProxy(int upstreamPort, List<Cut> plan) throws IOException {
        this.upstreamPort = upstreamPort;
        this.plan = List.copyOf(plan);
        Thread.ofVirtual().name("dropping-proxy").start(this::accept);
    }

    URI streamUri() {
        return URI.create("ws://127.0.0.1:" + listener.getLocalPort() + "/v1/stream");
    }

    /** The first line of each upgrade request (method, path and query), in order. */
    List<String> requestLines() {
        return requestLines;
    }

    int connections() {
        return connections.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                int number = connections.incrementAndGet();
                Cut cut = number <= plan.size() ? plan.get(number - 1) : new Cut.Never();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> clientToServer(client, server, cut));
                Thread.ofVirtual().start(() -> serverToClient(server, client, cut));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void clientToServer(Socket client, Socket server, Cut cut) {
        long limit = cut instanceof Cut.AfterClientBytes after ? after.bytes() : Long.MAX_VALUE;
        StringBuilder requestLine = new StringBuilder();
        boolean lineDone = false;
        long relayed = 0;
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            byte[] buffer = new byte[8192];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                for (int i = 0; i < read && !lineDone; i++) {
                    lineDone = buffer[i] == '\r';
                    if (!lineDone) {
                        requestLine.append((char) buffer[i]);
                    } else {
                        requestLines.add(requestLine.toString());
                    }
                }
                out.write(buffer, 0, read);
                out.flush();
                relayed += read;
                if (relayed > limit) {
                    break;
                }
            }
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(client, server);
        }
    }

    private void serverToClient(Socket server, Socket client, Cut cut) {
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
            if (cut instanceof Cut.RightAfterUpgrade) {
                while (matched < end.length) { // byte by byte, so nothing after the headers is relayed
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    out.write(b);
                    matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
                }
                out.flush();
                return;
            }
            in.transferTo(out);
        } catch (IOException e) {
            // the other side went away
        } finally {
            closeQuietly(client, server);
        }
    }

    private static void closeQuietly(Socket... toClose) {
        for (Socket socket : toClose) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        closeQuietly(sockets.toArray(Socket[]::new));
    }
}
