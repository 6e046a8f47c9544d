package dev.hark.bootstrap.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client written on a plain TCP socket, for the one thing a library client cannot
 * do on purpose: leave its closing handshake half sent. {@link #beginClose()} writes only the
 * first two bytes of a Close frame, so the client is CLOSING while the server has not read the
 * close yet and still sees its attachment; {@link #finishClose()} sends the rest. Reads are
 * blocking with a socket timeout, so every wait is bounded.
 */
final class RawStreamSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The mask key of every client frame; masking is mandatory, its value is not. */
    private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};

    /** A frame from the server: opcode and payload (unmasked: servers never mask). */
    record Frame(int opcode, byte[] payload) {
        boolean isClose() {
            return opcode == 0x8;
        }

        int closeCode() {
            return payload.length < 2 ? 1005 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawStreamSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawStreamSocket connect(URI uri) throws IOException {
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(20_000);
        RawStreamSocket raw = new RawStreamSocket(socket);
        String key = Base64.getEncoder().encodeToString("hark-raw-client!".getBytes(StandardCharsets.US_ASCII));
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        raw.out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.out.flush();
        String status = raw.readHeaders();
        if (!status.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        return raw;
    }

    /** The next text message, as JSON; fails on anything else. */
    JsonNode nextText() throws IOException {
        Frame frame = nextFrame();
        if (frame.opcode() != 0x1) {
            throw new IOException("expected a text frame, got opcode " + frame.opcode());
        }
        return JSON.readTree(new String(frame.payload(), StandardCharsets.UTF_8));
    }

    Frame nextFrame() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** The first two bytes of a masked Close frame with code 1000: the server cannot act on it yet. */
    void beginClose() throws IOException {
        out.write(new byte[] {(byte) 0x88, (byte) 0x82});
        out.flush();
    }

    /** The rest of the Close frame {@link #beginClose()} started. */
    void finishClose() throws IOException {
        byte[] code = {(byte) (1000 >> 8), (byte) (1000 & 0xff)};
        out.write(MASK);
        out.write(new byte[] {(byte) (code[0] ^ MASK[0]), (byte) (code[1] ^ MASK[1])});
        out.flush();
    }

    /** Drops the connection with a TCP reset (SO_LINGER 0): the server's next write to it fails. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.readUnsignedByte();
            headers.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        String text = headers.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }
}
