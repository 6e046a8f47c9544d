package dev.hark.application.service;

import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.SecretSourcePort;
import dev.hark.application.port.outbound.SessionMetricsPort;
import dev.hark.application.port.outbound.SpeechRecognizerPort;
import java.time.Clock;
import java.util.concurrent.Executor;

/** What every live session needs from outside; shared by all sessions of one service. */
record SessionContext(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                      SchedulerPort scheduler, Clock clock, SessionMetricsPort metrics, SessionSettings settings) {
}
