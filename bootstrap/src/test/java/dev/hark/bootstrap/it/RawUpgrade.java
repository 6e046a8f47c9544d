package dev.hark.bootstrap.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A WebSocket upgrade request written by hand, for reading what a refused handshake says
 * (status, headers, body), which WebSocket clients hide.
 */
final class RawUpgrade {

    /** The server's answer. */
    record Answer(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawUpgrade() {
    }

    /** {@code GET path} with an upgrade (unless {@code upgrade} is false) and {@code extraHeaders} ("Name: value"). */
    static Answer send(int port, String pathAndQuery, boolean upgrade, String... extraHeaders) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\nHost: localhost\r\n");
            if (upgrade) {
                request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                        .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(new byte[16]))
                        .append("\r\n");
            }
            for (String header : extraHeaders) {
                request.append(header).append("\r\n");
            }
            request.append(upgrade ? "\r\n" : "Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        List<String> head = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        int current;
        while ((current = in.read()) != -1) {
            if (previous == '\r' && current == '\n') {
                byte[] bytes = line.toByteArray();
                String text = new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                head.add(text);
            } else {
                line.write(current);
            }
            previous = current;
        }
        int status = Integer.parseInt(head.getFirst().split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (String header : head.subList(1, head.size())) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        String body = "";
        String length = headers.get("content-length");
        if (status != 101 && length != null) {
            body = new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
        return new Answer(status, headers, body);
    }
}
