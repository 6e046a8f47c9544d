package dev.hark.bootstrap.cli;

import dev.hark.emulator.deepgram.CloseReasons;
import dev.hark.emulator.deepgram.ConnectionPlan;
import dev.hark.emulator.deepgram.EmulatorSettings;
import java.time.Duration;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * The command line of {@code ./hark deepgram-emulator}, turned into emulator settings and the
 * fault plan every connection follows. Kept apart from the command so it is tested without
 * starting a server.
 *
 * @param maxDecoders concurrent streams the embedded engine serves (~90 MB each)
 */
record EmulatorOptions(EmulatorSettings settings, int maxDecoders) {

    private static final String HOST = "host";
    private static final String PORT = "port";
    private static final String API_KEY = "apiKey";
    private static final String IDLE = "idleTimeoutMs";
    private static final String DECODERS = "maxDecoders";
    private static final String STATUS = "handshakeStatus";
    private static final String DELAY = "handshakeDelayMs";
    private static final String CLOSE_CODE = "closeCode";
    private static final String CLOSE_REASON = "closeReason";
    private static final String CLOSE_AFTER = "closeAfterMs";
    private static final String CLOSE_FRAMES = "closeAfterFrames";
    private static final String STALL = "stall";

    static void configure(Subparser subparser) {
        subparser.addArgument("--host").dest(HOST).setDefault("127.0.0.1").help("address to bind (loopback by default)");
        subparser.addArgument("--port").dest(PORT).type(Integer.class).setDefault(9090).help("port (0 = any free one)");
        subparser.addArgument("--api-key").dest(API_KEY).setDefault("")
                .help("require this key (Authorization: Token KEY); default: accept any");
        subparser.addArgument("--idle-timeout-ms").dest(IDLE).type(Long.class).setDefault(10_000L)
                .help("close 1011 NET-0001 after this long without a client frame (Deepgram: about 10 s)");
        subparser.addArgument("--max-decoders").dest(DECODERS).type(Integer.class).setDefault(4)
                .help("concurrent streams of the embedded engine");
        subparser.addArgument("--handshake-status").dest(STATUS).type(Integer.class).setDefault(ConnectionPlan.ACCEPT)
                .help("fault: answer every upgrade with this HTTP status (400, 401, 402, 403, 429, 503...)");
        subparser.addArgument("--handshake-delay-ms").dest(DELAY).type(Long.class).setDefault(0L)
                .help("fault: hold every handshake answer this long");
        subparser.addArgument("--close-code").dest(CLOSE_CODE).type(Integer.class).setDefault(0)
                .help("fault: close every connection with this code (1011, 1008...) after --close-after-ms or "
                        + "--close-after-frames");
        subparser.addArgument("--close-reason").dest(CLOSE_REASON)
                .help("reason of that close; default NET-0000 for 1011, DATA-0000 for 1008");
        subparser.addArgument("--close-after-ms").dest(CLOSE_AFTER).type(Long.class).setDefault(0L)
                .help("fault: milliseconds after the open before that close");
        subparser.addArgument("--close-after-frames").dest(CLOSE_FRAMES).type(Integer.class).setDefault(0)
                .help("fault: binary frames received before that close");
        subparser.addArgument("--stall").dest(STALL).action(Arguments.storeTrue())
                .help("fault: accept audio but never answer");
    }

    /** @throws IllegalArgumentException for an impossible combination, with the reason */
    static EmulatorOptions from(Namespace namespace) {
        int closeCode = namespace.getInt(CLOSE_CODE);
        String reason = namespace.getString(CLOSE_REASON);
        if (reason == null) {
            reason = switch (closeCode) {
                case 1011 -> CloseReasons.NET_0000;
                case 1008 -> CloseReasons.DATA_0000;
                default -> "";
            };
        }
        ConnectionPlan plan = new ConnectionPlan(namespace.getInt(STATUS),
                Duration.ofMillis(namespace.getLong(DELAY)), closeCode, reason,
                Duration.ofMillis(namespace.getLong(CLOSE_AFTER)), namespace.getInt(CLOSE_FRAMES),
                namespace.getBoolean(STALL));
        EmulatorSettings settings = EmulatorSettings.defaults()
                .withHost(namespace.getString(HOST))
                .withPort(namespace.getInt(PORT))
                .withApiKey(namespace.getString(API_KEY))
                .withIdleTimeout(Duration.ofMillis(namespace.getLong(IDLE)))
                .withDefaultPlan(plan);
        return new EmulatorOptions(settings, namespace.getInt(DECODERS));
    }
}
