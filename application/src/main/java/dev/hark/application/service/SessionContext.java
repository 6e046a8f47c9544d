package dev.hark.application.service;

import dev.hark.application.port.out.SchedulerPort;
import dev.hark.application.port.out.SecretSourcePort;
import dev.hark.application.port.out.SessionMetricsPort;
import dev.hark.application.port.out.SpeechRecognizerPort;
import java.time.Clock;
import java.util.concurrent.Executor;

/** What every live session needs from outside; shared by all sessions of one service. */
record SessionContext(SpeechRecognizerPort recognizer, SecretSourcePort secrets, Executor laneExecutor,
                      SchedulerPort scheduler, Clock clock, SessionMetricsPort metrics, SessionSettings settings) {
}
