package dev.hark.infrastructure.outbound.deepgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Metadata;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.ResultWord;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Results;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.SpeechStarted;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.Unrecognized;
import dev.hark.infrastructure.outbound.deepgram.DeepgramEvent.UtteranceEnd;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeepgramMessagesTest {

    @Test
    void readsResults_firstAlternative_ignoringUnknownFields() throws Exception {
        String json = DeepgramJson.resultsFrom(5.99, 1.98, true, true, true, "Tell me.",
                DeepgramJson.word("tell", "Tell", 6.07, 6.35, 0.99), DeepgramJson.bareWord("me", 6.4, 6.6, 0.9));

        assertThat(DeepgramMessages.parse(json)).isEqualTo(new Results(5.99, 1.98, true, true, true, "Tell me.",
                List.of(new ResultWord("tell", "Tell", 6.07, 6.35, 0.99), new ResultWord("me", "", 6.4, 6.6, 0.9))));
    }

    @Test
    void readsNullsAndMissingFields_asNeutralValues() throws Exception {
        String json = "{\"type\":\"Results\",\"start\":null,\"channel\":{\"alternatives\":[{\"transcript\":null,"
                + "\"words\":[{\"word\":\"hi\",\"punctuated_word\":null}]}]},\"metadata\":null}";

        assertThat(DeepgramMessages.parse(json)).isEqualTo(new Results(0, 0, false, false, false, "",
                List.of(new ResultWord("hi", "", 0, 0, 0))));
    }

    @Test
    void readsVoiceActivityAndMetadata() throws Exception {
        assertThat(DeepgramMessages.parse(DeepgramJson.speechStarted(9.54))).isEqualTo(new SpeechStarted(9.54));
        assertThat(DeepgramMessages.parse(DeepgramJson.utteranceEnd(2.395))).isEqualTo(new UtteranceEnd(2.395));
        assertThat(DeepgramMessages.parse(DeepgramJson.metadata(44.26))).isEqualTo(new Metadata("req-1", 44.26));
    }

    @Test
    void unknownTypesAndNonObjects_areUnrecognized_notErrors() throws Exception {
        assertThat(DeepgramMessages.parse("{\"type\":\"Warning\",\"description\":\"x\"}"))
                .isEqualTo(new Unrecognized("Warning"));
        assertThat(DeepgramMessages.parse("{\"no_type\":1}")).isEqualTo(new Unrecognized(""));
        assertThat(DeepgramMessages.parse("[1,2]")).isEqualTo(new Unrecognized(""));
    }

    @Test
    void malformedJson_isAJsonError() {
        assertThatThrownBy(() -> DeepgramMessages.parse("{\"type\":")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void controlMessagesAreExactlyTheDocumentedJson() throws Exception {
        ObjectMapper json = new ObjectMapper();

        assertThat(DeepgramMessages.KEEP_ALIVE).isEqualTo("{\"type\":\"KeepAlive\"}");
        assertThat(DeepgramMessages.FINALIZE).isEqualTo("{\"type\":\"Finalize\"}");
        assertThat(DeepgramMessages.CLOSE_STREAM).isEqualTo("{\"type\":\"CloseStream\"}");
        assertThat(json.readTree(DeepgramMessages.CLOSE_STREAM).path("type").asText()).isEqualTo("CloseStream");
    }
}
