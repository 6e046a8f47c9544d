package dev.hark.infrastructure.inbound.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.error.ErrorCode;
import java.io.IOException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/** H20: the one send path never throws into its caller and counts what it could not deliver. */
class JettyClientChannelTest {

    private final Session socket = mock(Session.class);
    private final ClientSendStats stats = new ClientSendStats();
    private final JettyClientChannel channel = new JettyClientChannel(socket, new ProtocolCodec(new ObjectMapper()), stats);
    private final ServerMessage message = new ServerMessage.SessionClosed("client_closed");

    @Test
    void dropsAndCountsASendToAClosedSocket_withoutThrowing() {
        when(socket.isOpen()).thenReturn(false);

        assertThatCode(() -> channel.send(message)).doesNotThrowAnyException();

        verify(socket, never()).sendText(anyString(), any());
        assertThat(stats.droppedOnClosedSocketCount()).isEqualTo(1);
    }

    @Test
    void countsAWriteThatJettyRefuses_withoutThrowing() {
        when(socket.isOpen()).thenReturn(true);
        doThrow(new IllegalStateException("closing")).when(socket).sendText(anyString(), any());

        assertThatCode(() -> channel.send(message)).doesNotThrowAnyException();
        assertThat(stats.failedWriteCount()).isEqualTo(1);
    }

    @Test
    void countsAWriteThatFailsLater() {
        when(socket.isOpen()).thenReturn(true);
        doAnswer(invocation -> {
            invocation.<Callback>getArgument(1).fail(new IOException("broken pipe"));
            return null;
        }).when(socket).sendText(anyString(), any());

        channel.send(message);

        assertThat(stats.failedWriteCount()).isEqualTo(1);
    }

    @Test
    void sendsNothingAfterItClosed_andClosesOnce() {
        when(socket.isOpen()).thenReturn(true);
        channel.closeFor(ErrorCode.SESSION_TAKEN_OVER);
        channel.closeNormally();
        channel.send(message);

        verify(socket, times(1)).close(4001, "SESSION_TAKEN_OVER", Callback.NOOP);
        verify(socket, never()).sendText(anyString(), any());
        assertThat(stats.droppedOnClosedSocketCount()).isEqualTo(1);
    }
}
