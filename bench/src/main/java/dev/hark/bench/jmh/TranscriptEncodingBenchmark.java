package dev.hark.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hark.application.port.outbound.ServerMessage;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.SampleSpan;
import dev.hark.domain.transcript.Hypothesis;
import dev.hark.domain.transcript.Transcript;
import dev.hark.domain.transcript.Word;
import dev.hark.infrastructure.inbound.websocket.CodecAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one final transcript as the client receives it (Hark's protocol codec, Jackson's
 * tree model): {@code 0} words is what the echo provider sends per frame; {@code 8} is a typical
 * sentence from a real recognizer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranscriptEncodingBenchmark {

    private static final AudioFormat FORMAT = AudioFormat.linear16Mono(16_000);

    @Param({"0", "8"})
    public int words;

    private Function<ServerMessage, String> codec;
    private ServerMessage message;

    @Setup
    public void setUp() {
        codec = CodecAccess.encoder(new ObjectMapper());
        List<Word> spoken = new ArrayList<>();
        for (int i = 0; i < words; i++) {
            spoken.add(new Word("word" + i, new SampleSpan(3200 + i * 4000L, 3200 + (i + 1) * 4000L), 0.93));
        }
        SampleSpan span = new SampleSpan(3200, words == 0 ? 3520 : 3200 + words * 4000L);
        String text = words == 0 ? "samples 3200-3520" : "the quick brown fox jumps over the dog";
        message = new ServerMessage.TranscriptUpdate(new Transcript(42, Hypothesis.finalResult(text, span, spoken)),
                FORMAT, span.end() + 320);
    }

    @Benchmark
    public String encodeFinal() {
        return codec.apply(message);
    }
}
