package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import dev.hark.application.port.outbound.TickerPort;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * What every live session needs from outside; shared by all sessions of one service
 * ({@code journaling} only in gateway role, H33). There is
 * no wall clock: the session core only measures durations, on the monotonic {@code ticker}.
 */
record SessionContext(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                      SchedulerPort scheduler, TickerPort ticker, SessionMetricsPort metrics, SessionSettings settings,
                      Optional<ClientJournaling> journaling) {

    /** Without a journal: role {@code all}. */
    SessionContext(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                   SchedulerPort scheduler, TickerPort ticker, SessionMetricsPort metrics, SessionSettings settings) {
        this(recognizer, secrets, laneExecutor, scheduler, ticker, metrics, settings, Optional.empty());
    }
}
