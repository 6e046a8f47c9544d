package dev.hark.infrastructure.outbound.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.domain.error.ErrorCode;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@link SessionMetricsPort} event reaches both admin views, each counting it once: the JSON
 * {@code /metrics} (one Dropwizard metric) and {@code /prometheus} (the families listed here; two
 * only where one is derived, e.g. attachments = opened + resumed). A port method added without
 * both views, or counted twice in one, fails here.
 */
class SessionMetricsViewsTest {

    /** The Prometheus families (names without {@code _total}) each event moves. */
    private static final Map<String, Set<String>> PROMETHEUS = Map.ofEntries(
            Map.entry("providerConnectAttempted", Set.of("hark_recognizer_connects")),
            Map.entry("staleEventIgnored", Set.of("hark_stale_events_ignored")),
            Map.entry("rejected", Set.of("hark_refusals")),
            Map.entry("resumed", Set.of("hark_resumes", "hark_attaches")),
            Map.entry("providerReconnecting", Set.of("hark_recognizer_reconnects")),
            Map.entry("audioNotReplayable", Set.of("hark_audio_released_samples")),
            Map.entry("providerKeepAliveSent", Set.of("hark_recognizer_keepalives")),
            Map.entry("providerStalled", Set.of("hark_recognizer_stalls")),
            Map.entry("readsPaused", Set.of("hark_backpressure_pauses")),
            Map.entry("frameRefused", Set.of("hark_frames_refused")),
            Map.entry("finalsExpired", Set.of("hark_finals_expired")),
            Map.entry("chunkerRefused", Set.of("hark_audio_chunker_refused_samples")),
            Map.entry("providerReleased", Set.of("hark_recognizer_released")),
            Map.entry("internalError", Set.of("hark_internal_errors")),
            Map.entry("sessionOpened", Set.of("hark_sessions_opened", "hark_attaches")),
            Map.entry("sessionEnded", Set.of("hark_sessions_ended")),
            Map.entry("recognizerFailed", Set.of("hark_recognizer_failures")),
            Map.entry("recognizerConnected", Set.of("hark_recognizer_connect_seconds")),
            Map.entry("replayCompleted", Set.of("hark_recognizer_replays", "hark_recognizer_replay_seconds")),
            Map.entry("firstFinal", Set.of("hark_session_first_final_seconds")),
            Map.entry("finalProduced", Set.of("hark_final_lag_seconds")));

    private static final long SAMPLES = 3;

    @Test
    void listsEveryEventOfThePort() {
        assertThat(PROMETHEUS.keySet()).containsExactlyInAnyOrderElementsOf(
                events().map(Method::getName).toList());
    }

    @TestFactory
    Stream<DynamicTest> eachEventReachesBothViewsOnce() {
        return events().map(event -> DynamicTest.dynamicTest(event.getName(), () -> {
            MetricRegistry json = new MetricRegistry();
            PrometheusRegistry prometheus = new PrometheusRegistry();
            SessionMetricsPort port = new PrometheusSessionMetricsAdapter(prometheus,
                    new DropwizardSessionMetricsAdapter(json));

            event.invoke(port, arguments(event));

            long expected = Arrays.asList(event.getParameterTypes()).contains(long.class) ? SAMPLES : 1;
            assertThat(moved(json)).as("JSON metrics moved by %s", event.getName()).singleElement()
                    .satisfies(entry -> assertThat(entry.getValue()).isEqualTo(expected));
            Map<String, Long> families = moved(prometheus);
            assertThat(families.keySet()).as("Prometheus families moved by %s", event.getName())
                    .containsExactlyInAnyOrderElementsOf(PROMETHEUS.get(event.getName()));
            assertThat(families.values()).as("counted once").allSatisfy(value -> assertThat(value).isIn(1L, expected));
        }));
    }

    private static Stream<Method> events() {
        return Arrays.stream(SessionMetricsPort.class.getMethods())
                .filter(method -> Modifier.isAbstract(method.getModifiers()));
    }

    private static Object[] arguments(Method event) {
        return Arrays.stream(event.getParameterTypes()).map(type -> {
            if (type == ErrorCode.class) {
                return ErrorCode.FRAME_TOO_LARGE;
            } else if (type == long.class) {
                return SAMPLES;
            } else if (type == String.class) {
                return "client_closed";
            } else if (type == Duration.class) {
                return Duration.ofMillis(120);
            } else if (type == boolean.class) {
                return true;
            } else if (type == double.class) {
                return 0.4;
            }
            throw new IllegalArgumentException("no test value for " + type);
        }).toArray();
    }

    /** Dropwizard metrics that are no longer zero, with their counts. */
    private static List<Map.Entry<String, Long>> moved(MetricRegistry registry) {
        Map<String, Long> moved = new TreeMap<>();
        for (Map.Entry<String, Metric> entry : registry.getMetrics().entrySet()) {
            long count = switch (entry.getValue()) {
                case Counter counter -> counter.getCount();
                case Timer timer -> timer.getCount();
                case Histogram histogram -> histogram.getCount();
                default -> 0;
            };
            if (count != 0) {
                moved.put(entry.getKey(), count);
            }
        }
        return List.copyOf(moved.entrySet());
    }

    /** Prometheus families with a non-zero value (counters: the sum; histograms: observations). */
    private static Map<String, Long> moved(PrometheusRegistry registry) {
        Map<String, Long> moved = new HashMap<>();
        for (MetricSnapshot snapshot : registry.scrape()) {
            long value = switch (snapshot) {
                case CounterSnapshot counter -> (long) counter.getDataPoints().stream()
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
                case HistogramSnapshot histogram -> histogram.getDataPoints().stream()
                        .mapToLong(HistogramSnapshot.HistogramDataPointSnapshot::getCount).sum();
                default -> 0;
            };
            if (value != 0) {
                moved.put(snapshot.getMetadata().getName(), value);
            }
        }
        return moved;
    }
}
