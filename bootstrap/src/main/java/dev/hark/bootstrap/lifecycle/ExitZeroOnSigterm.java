package dev.hark.bootstrap.lifecycle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM is how orchestrators ask a process to stop, and a drained stop is a success: exit 0,
 * not the JVM's 143. The handler calls {@link System#exit(int)} with 0, which runs the shutdown
 * hooks as the default handler would (Jetty's stops the server, which drains first) and then
 * exits with 0. {@code sun.misc.Signal} is the only signal API the JDK has (module
 * {@code jdk.unsupported}, exported and stable since JDK 9); if it is missing the default
 * behaviour stays, only the exit status differs.
 */
public final class ExitZeroOnSigterm {

    private static final Logger LOG = LoggerFactory.getLogger(ExitZeroOnSigterm.class);

    private ExitZeroOnSigterm() {
    }

    public static void install() {
        try {
            Signal.handle(new Signal("TERM"), signal -> {
                LOG.info("SIGTERM: draining, then exiting");
                System.exit(0);
            });
        } catch (IllegalArgumentException | LinkageError e) {
            LOG.warn("cannot handle SIGTERM ({}); the exit status after a drain will be 143", e.toString());
        }
    }
}
