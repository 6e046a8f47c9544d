package dev.hark.infrastructure.inbound.deepgram;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes {@code /v1/listen} writes, and the Deepgram emulator too (one definition of
 * Deepgram's wire shapes for the server Hark serves and the one it tests against) (deepgram-protocol.md §1.4, §3, §7). Every field
 * Deepgram's SDKs require is always present and never null: the Java SDK drops a message with a
 * null in a required field and the Rust SDK needs {@code from_finalize}. Only Metadata's
 * {@code models}/{@code model_info} are left out when no audio was processed, as Deepgram does.
 */
public final class ListenWire {

    public static final List<Integer> MONO = List.of(0, 1);

    private ListenWire() {
    }

    public record Results(String type,
                   @JsonProperty("channel_index") List<Integer> channelIndex,
                   double duration,
                   double start,
                   @JsonProperty("is_final") boolean isFinal,
                   @JsonProperty("speech_final") boolean speechFinal,
                   @JsonProperty("from_finalize") boolean fromFinalize,
                   Channel channel,
                   ResultsMetadata metadata) {
    }

    public record Channel(List<Alternative> alternatives) {
    }

    public record Alternative(String transcript, double confidence, List<WordJson> words) {
    }

    public record WordJson(String word, double start, double end, double confidence,
                    @JsonProperty("punctuated_word") String punctuatedWord) {
    }

    public record ResultsMetadata(@JsonProperty("request_id") String requestId,
                           @JsonProperty("model_info") ModelInfo modelInfo,
                           @JsonProperty("model_uuid") String modelUuid) {
    }

    public record ModelInfo(String name, String version, String arch) {
    }

    public record SpeechStarted(String type, List<Integer> channel, double timestamp) {
    }

    public record UtteranceEnd(String type, List<Integer> channel, @JsonProperty("last_word_end") double lastWordEnd) {
    }

    public record Metadata(String type,
                    @JsonProperty("transaction_key") String transactionKey,
                    @JsonProperty("request_id") String requestId,
                    String sha256,
                    String created,
                    double duration,
                    int channels,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> models,
                    @JsonInclude(JsonInclude.Include.NON_EMPTY)
                    @JsonProperty("model_info") Map<String, ModelInfo> modelInfo) {
    }

    /** The body of a refused handshake. */
    public record ErrorBody(@JsonProperty("err_code") String errCode,
                     @JsonProperty("err_msg") String errMsg,
                     @JsonProperty("request_id") String requestId) {
    }
}
