package dev.hark.infrastructure.inbound.deepgram;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.inbound.AudioFormatQuery;
import dev.hark.application.port.outbound.SchedulerPort;
import dev.hark.application.port.outbound.TickerPort;
import dev.hark.infrastructure.inbound.websocket.ClientSendStats;
import dev.hark.application.port.inbound.ClientStreamUseCase;
import java.time.Clock;

/** What every {@code /v1/listen} connection needs; shared by all of them. */
record ListenContext(ClientStreamUseCase sessions, AudioFormatQuery formats, ObjectMapper json, ListenSettings settings,
                     SchedulerPort scheduler, Clock clock, TickerPort ticker, ClientSendStats sockets) {
}
