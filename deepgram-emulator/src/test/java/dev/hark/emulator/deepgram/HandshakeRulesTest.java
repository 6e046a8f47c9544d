package dev.hark.emulator.deepgram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.error.ClientError;
import dev.hark.domain.error.ErrorCode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeRulesTest {

    private static final List<String> GOOD_AUTH = List.of("Token key");
    private final HandshakeRules rules = new HandshakeRules("key", format -> format.sampleRate() == 16_000
            ? Optional.empty()
            : Optional.of(ClientError.of(ErrorCode.UNSUPPORTED_AUDIO_FORMAT, "needs 16000")));

    @Test
    void acceptsAStreamingQuery_readingTheOptionsThatMatter() {
        HandshakeDecision decision = decide("model=nova-2&encoding=linear16&sample_rate=16000&interim_results=true"
                + "&language=en-US&vad_events=true&utterance_end_ms=1000&smart_format=true");

        assertThat(decision).isInstanceOf(HandshakeDecision.Accept.class);
        StreamSetup setup = ((HandshakeDecision.Accept) decision).setup();
        assertThat(setup.format()).isEqualTo(AudioFormat.linear16Mono(16_000));
        assertThat(setup.interimResults()).isTrue();
        assertThat(setup.language()).isEqualTo("en-US");
        assertThat(setup.vadEvents()).isTrue();
        assertThat(setup.utteranceEndMs()).isEqualTo(1000);
        assertThat(setup.utteranceEnds()).isTrue();
        assertThat(setup.model()).isEqualTo("nova-2");
    }

    @Test
    void defaultsToSixteenKilohertzNova3English_whenTheQueryIsEmpty() {
        StreamSetup setup = ((HandshakeDecision.Accept) decide("")).setup();

        assertThat(setup.format().sampleRate()).isEqualTo(16_000);
        assertThat(setup.language()).isEqualTo("en");
        assertThat(setup.model()).isEqualTo("nova-3");
        assertThat(setup.interimResults()).isFalse();
        assertThat(setup.utteranceEnds()).isFalse();
    }

    @Test
    void ignoresUtteranceEnd_withoutInterims() {
        StreamSetup setup = ((HandshakeDecision.Accept) decide("utterance_end_ms=1000")).setup();

        assertThat(setup.utteranceEnds()).isFalse();
    }

    @Test
    void refusesThePlannedStatusFirst_evenWithoutCredentials() {
        HandshakeDecision decision = rules.decide(ConnectionPlan.rejectWith(402), List.of(), List.of(),
                ListenQuery.parse(""));

        assertThat(decision).isEqualTo(new HandshakeDecision.Reject(402, "ASR_PAYMENT_REQUIRED",
                "Project does not have enough credits for an ASR request and does not have an overage agreement."));
    }

    @Test
    void refusesCredentialsBeforeTheQuery() {
        HandshakeDecision decision = rules.decide(ConnectionPlan.normal(), List.of("Token nope"), List.of(),
                ListenQuery.parse("encoding=opus"));

        assertThat(decision).isEqualTo(ErrorCatalogue.invalidAuth());
    }

    @Test
    void refusesQueriesItCannotServe_as400InvalidQueryParameter() {
        assertInvalidQuery("encoding=linear16", "sample_rate is required");
        assertInvalidQuery("encoding=opus&sample_rate=48000", "encoding opus is not supported");
        assertInvalidQuery("encoding=linear16&sample_rate=16000&channels=2", "channels must be 1");
        assertInvalidQuery("sample_rate=abc", "sample_rate must be an integer");
        assertInvalidQuery("sample_rate=1", "sample_rate 1 is out of range");
        assertInvalidQuery("utterance_end_ms=-5&interim_results=true", "utterance_end_ms must not be negative");
        assertInvalidQuery("encoding=linear16&sample_rate=8000", "needs 16000");
    }

    @Test
    void echoesTheAuthSubprotocol() {
        HandshakeDecision decision = rules.decide(ConnectionPlan.normal(), List.of(), List.of("token", "key"),
                ListenQuery.parse(""));

        assertThat(((HandshakeDecision.Accept) decision).subprotocol()).isEqualTo("token");
    }

    @Test
    void mapsEveryPlannedStatusToABody() {
        for (int status : new int[] {400, 401, 402, 403, 405, 429, 500, 502, 503, 504}) {
            HandshakeDecision.Reject reject = ErrorCatalogue.forStatus(status);
            assertThat(reject.status()).isEqualTo(status);
            assertThat(reject.errCode()).isNotBlank();
            assertThat(reject.errMsg()).isNotBlank();
        }
    }

    private HandshakeDecision decide(String query) {
        return rules.decide(ConnectionPlan.normal(), GOOD_AUTH, List.of(), ListenQuery.parse(query));
    }

    private void assertInvalidQuery(String query, String detail) {
        HandshakeDecision decision = decide(query);
        assertThat(decision).as(query).isInstanceOf(HandshakeDecision.Reject.class);
        HandshakeDecision.Reject reject = (HandshakeDecision.Reject) decision;
        assertThat(reject.status()).isEqualTo(400);
        assertThat(reject.errCode()).isEqualTo("INVALID_QUERY_PARAMETER");
        assertThat(reject.errMsg()).startsWith("Failed to deserialize query parameters: ").contains(detail);
    }
}
