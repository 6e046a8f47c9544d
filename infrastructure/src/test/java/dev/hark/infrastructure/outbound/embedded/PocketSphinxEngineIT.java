package dev.hark.infrastructure.outbound.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine's process-wide state under concurrency. PocketSphinx logs through one global
 * {@code FILE*}; a decoder configured with {@code -logfn} swaps it in {@code ps_init} (fopen the
 * new one, fclose the old one), so two decoders created at once closed the same file twice, and a
 * decoder logging its utterance wrote into a closed one: the JVM died with SIGSEGV in libc
 * (a suite run on 2026-11-30, {@code ps_init} on a pool thread). Without the fix this test takes
 * the forked JVM down instead of failing politely; either way the build is red.
 */
class PocketSphinxEngineIT {

    private static final int THREADS = 6;
    private static final int ROUNDS = 4;

    @Test
    void decodersCreatedWhileOthersDecode_leaveTheProcessAndEveryTranscriptIntact() throws Exception {
        PocketSphinxEngine engine = PocketSphinxEngine.load(EmbeddedEngineSettings.defaults());
        byte[] pcm = EmbeddedRecognizerAdapterIT.pcm("office");
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(threads.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    List<String> transcripts = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        try (SpeechDecoder decoder = engine.create()) {
                            decoder.startStream();
                            decoder.startUtterance();
                            decoder.process(pcm);
                            decoder.endUtterance();
                            transcripts.add(decoder.hypothesis());
                        }
                    }
                    return transcripts;
                }));
            }
            List<String> all = new ArrayList<>();
            for (Future<List<String>> result : results) {
                all.addAll(result.get(5, TimeUnit.MINUTES));
            }
            assertThat(all).hasSize(THREADS * ROUNDS).allSatisfy(text -> assertThat(text).isNotBlank());
            assertThat(all).as("the same audio gives the same words on every decoder").containsOnly(all.get(0));
        } finally {
            threads.shutdownNow();
        }
    }
}
