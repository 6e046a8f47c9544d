package dev.hark.bench.embedded;

import dev.hark.infrastructure.client.WavAudio;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The speech the benchmark decodes: every {@code NAME.wav} with its spoken text in
 * {@code NAME.txt}, from the fixture directory ({@code testdata/speech}, the "fixtures") and its
 * {@code sentences} subdirectory (more sentences, so word error rates resolve differences
 * smaller than one word in 57). 16 kHz mono 16-bit.
 */
record SpeechCorpus(List<Utterance> utterances) {

    static final int SAMPLE_RATE = 16_000;
    static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;

    /** One recorded utterance; {@code fixture} when it is one of the speech fixtures proper. */
    record Utterance(String name, Path wav, byte[] pcm, String text, boolean fixture) {
        double seconds() {
            return pcm.length / (double) BYTES_PER_SECOND;
        }
    }

    /** A session's audio: utterances separated by silence, and the words spoken in it. */
    record SessionAudio(byte[] pcm, String reference) {
        double seconds() {
            return pcm.length / (double) BYTES_PER_SECOND;
        }
    }

    SpeechCorpus {
        if (utterances.isEmpty()) {
            throw new IllegalArgumentException("no speech found");
        }
        utterances = List.copyOf(utterances);
    }

    static SpeechCorpus load(Path fixtures) throws IOException {
        List<Utterance> utterances = new ArrayList<>(read(fixtures, true));
        Path sentences = fixtures.resolve("sentences");
        if (Files.isDirectory(sentences)) {
            utterances.addAll(read(sentences, false));
        }
        return new SpeechCorpus(utterances);
    }

    double seconds() {
        return utterances.stream().mapToDouble(Utterance::seconds).sum();
    }

    /** Every utterance once, in order, each followed by {@code gapSeconds} of silence. */
    SessionAudio once(double gapSeconds) {
        return sessionAudio(0, seconds() + utterances.size() * gapSeconds - 0.01, gapSeconds);
    }

    /**
     * At least {@code seconds} of audio for session {@code index}: the utterances in order from a
     * starting point that differs per session (so sessions speak at different moments), each
     * followed by {@code gapSeconds} of silence.
     */
    SessionAudio sessionAudio(int index, double seconds, double gapSeconds) {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        StringBuilder reference = new StringBuilder();
        byte[] gap = new byte[(int) (gapSeconds * SAMPLE_RATE) * 2];
        int start = Math.floorMod(index * 7, utterances.size());
        for (int i = start; pcm.size() < seconds * BYTES_PER_SECOND; i++) {
            Utterance utterance = utterances.get(i % utterances.size());
            pcm.writeBytes(utterance.pcm());
            pcm.writeBytes(gap);
            reference.append(utterance.text()).append(' ');
        }
        return new SessionAudio(pcm.toByteArray(), reference.toString().strip());
    }

    private static List<Utterance> read(Path directory, boolean fixture) throws IOException {
        List<Utterance> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path wav : files.filter(p -> p.toString().endsWith(".wav")).sorted().toList()) {
                String name = wav.getFileName().toString().replaceFirst("\\.wav$", "");
                Path text = wav.resolveSibling(name + ".txt");
                WavAudio audio = WavAudio.read(wav);
                if (audio.sampleRate() != SAMPLE_RATE || audio.channels() != 1) {
                    throw new IOException(wav + ": the embedded engine needs 16 kHz mono");
                }
                found.add(new Utterance(name, wav, audio.pcm(), Files.readString(text).strip(), fixture));
            }
        }
        return found;
    }
}
