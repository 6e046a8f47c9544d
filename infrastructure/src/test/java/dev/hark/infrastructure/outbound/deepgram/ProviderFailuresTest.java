package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.application.port.outbound.RecognizerException;
import dev.hark.domain.error.ErrorCode;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ProviderFailuresTest {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(3);

    private final ProviderFailures failures = new ProviderFailures(RETRY_AFTER);

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 402, 403, 404, 405})
    void clientErrorStatuses_areRejections_thatRetryingWouldNotFix(int status) {
        RecognizerException failure = failures.handshakeRefused(status, null);

        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_REJECTED);
        assertThat(failure.clientError().message()).contains("HTTP " + status);
        assertThat(failure.clientError().hasRetryHint()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {429, 500, 502, 503, 504})
    void capacityAndServerStatuses_areRetryable_withTheHint(int status) {
        RecognizerException failure = failures.handshakeRefused(status, null);

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
        assertThat(failure.clientError().retryAfter()).isEqualTo(RETRY_AFTER);
    }

    @Test
    void namesTheCredentials_for401() {
        assertThat(failures.handshakeRefused(401, null).clientError().message())
                .isEqualTo("the speech provider refused the credentials (HTTP 401)");
    }

    @Test
    void normalCloseAfterCloseStream_isTheOnlyGoodEnding() {
        assertThat(failures.serverClosed(1000, "", true)).isEmpty();
        assertThat(failures.serverClosed(1000, "", false)).get()
                .returns(true, RecognizerException::isRetryable);
    }

    @Test
    void undecodableAudio_isNotRetryable() {
        RecognizerException failure = failures.serverClosed(1008, "DATA-0000: could not decode", false).orElseThrow();

        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.AUDIO_NOT_DECODABLE);
        assertThat(failure.clientError().message())
                .isEqualTo("the speech provider could not decode the audio; check encoding and sample_rate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NET-0000", "NET-0001", "anything"})
    void serverErrorCloses_areRetryable_evenWhileClosing(String reason) {
        assertThat(failures.serverClosed(1011, reason, true)).get()
                .returns(true, RecognizerException::isRetryable)
                .extracting(failure -> failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_ERROR);
    }

    @Test
    void otherPolicyViolations_areRetryable() {
        assertThat(failures.serverClosed(1008, "something else", false)).get()
                .returns(true, RecognizerException::isRetryable);
    }

    @Test
    void handshakeTimeout_isARetryableTimeout() {
        RecognizerException failure = failures.handshakeTimedOut();

        assertThat(failure.isRetryable()).isTrue();
        assertThat(failure.clientError().code()).isEqualTo(ErrorCode.PROVIDER_TIMEOUT);
    }
}
