package dev.hark.application.cluster;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.RecognitionListener;
import dev.hark.application.port.outbound.RecognizerCapacityPort;
import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.application.port.outbound.RecognizerStreamRequest;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.application.port.outbound.store.AssignmentReason;
import dev.hark.application.port.outbound.store.CreateOutcome;
import dev.hark.application.port.outbound.store.GatewaySessionStorePort;
import dev.hark.application.port.outbound.store.NewSession;
import dev.hark.application.port.outbound.store.NodeId;
import dev.hark.application.port.outbound.store.TranscriptCursor;
import dev.hark.application.port.outbound.store.Unavailable;
import dev.hark.domain.audio.AudioEncoding;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import dev.hark.domain.session.Generation;
import dev.hark.domain.session.SessionId;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The gateway's recognizer in cluster mode: instead of decoding, each stream is a session in the
 * store that a worker process decodes. The session core uses it like any other recognizer (same
 * port, same recovery: a failed stream is replaced and the core's own ledger replayed into a new
 * store session), so the client side of a session is exactly as in a single process.
 *
 * <p>Each stream gets its own store session id (a replaced stream is a new store session with a
 * fresh clock), created, then offered to the workers through the assignment stream.
 */
public final class StoreRecognizerAdapter implements SpeechRecognizerPort, RecognizerCapacityPort {

    private final NodeId gateway;
    private final GatewaySessionStorePort store;
    private final SecretSourcePort secrets;
    private final SchedulerPort scheduler;
    private final TickerPort ticker;
    private final ClusterMetricsPort metrics;
    private final ClusterSettings settings;
    private final Supplier<Optional<String>> storeRefusal;

    /** @param storeRefusal why the store cannot take new sessions now (unreachable), or empty; for readiness */
    public StoreRecognizerAdapter(NodeId gateway, GatewaySessionStorePort store, SecretSourcePort secrets,
                                  SchedulerPort scheduler, TickerPort ticker, ClusterMetricsPort metrics,
                                  ClusterSettings settings, Supplier<Optional<String>> storeRefusal) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.store = Objects.requireNonNull(store, "store");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.storeRefusal = Objects.requireNonNull(storeRefusal, "storeRefusal");
    }

    /**
     * The store and the workers take 16-bit PCM; the gateway refuses other encodings in this first
     * version. While the store does not answer, every new session is refused at once with a retry
     * hint (H35) instead of opening and failing its store session a few times first.
     */
    @Override
    public Optional<ClientError> refusalFor(AudioFormat format) {
        if (format.encoding() != AudioEncoding.LINEAR16) {
            return Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT,
                    "cluster mode takes encoding=linear16 only"));
        }
        return storeRefusal.get().map(why -> ClientError.retryable(ErrorCode.PROVIDER_ERROR,
                "the recognizer cluster is unavailable: its store does not answer", settings.unavailableRetryAfter()));
    }

    @Override
    public RecognizerCapacity capacity() {
        return new RecognizerCapacity(0, 0, 0, 0, storeRefusal.get());
    }

    @Override
    public CompletableFuture<RecognizerStream> openStream(RecognizerStreamRequest request, RecognitionListener listener) {
        SessionId storeId = secrets.newSessionId();
        NewSession session = new NewSession(storeId, request.options().format(), secrets.newResumeToken(), gateway,
                settings.maxRetainedAudio(), settings.outboxCapacity(), request.sessionId());
        CompletableFuture<RecognizerStream> opened = new CompletableFuture<>();
        store.create(session).whenComplete((outcome, failure) -> {
            switch (outcome) {
                case CreateOutcome.Created created -> {
                    StoreRecognizerStream stream = new StoreRecognizerStream(storeId, request.sessionId(),
                            created.generation(), store, scheduler, ticker, metrics, settings, listener);
                    store.requestWorker(storeId, AssignmentReason.NEW);
                    stream.start(follower -> store.followTranscripts(storeId, TranscriptCursor.START, follower));
                    opened.complete(stream);
                }
                case CreateOutcome.AlreadyExists exists -> opened.completeExceptionally(unavailable("session id clash"));
                // H33: a gateway that was fenced (another adopted the client session) opens nothing more for it
                case CreateOutcome.Adopted adopted -> opened.completeExceptionally(new RecognizerException(
                        ClientError.of(ErrorCode.SESSION_TAKEN_OVER, "the session was resumed through another gateway")));
                case Unavailable unavailable -> {
                    detachIfCreated(storeId);
                    opened.completeExceptionally(unavailable(unavailable.cause().name()));
                }
                case null -> opened.completeExceptionally(unavailable(String.valueOf(failure)));
            }
        });
        return opened;
    }

    /**
     * A {@code create} that timed out may still have run (Redis paused: it runs when Redis resumes),
     * leaving a session nobody uses with no expiry. Detaching it afterwards (same connection, so
     * after the create if that ran at all; {@code NotFound} if it did not) lets its keys expire.
     */
    private void detachIfCreated(SessionId storeId) {
        new WhileUnavailable(scheduler, ticker, settings.storeRetryDelay()).retry(
                () -> store.detach(storeId, Generation.FIRST, settings.sessionGrace()),
                ticker.nanoTime() + settings.storeOutageBound().toNanos());
    }

    private RecognizerException unavailable(String detail) {
        return RecognizerException.retryable(ClientError.retryable(ErrorCode.PROVIDER_ERROR,
                "the recognizer cluster is unavailable (" + detail + ")", settings.unavailableRetryAfter()), null);
    }
}
