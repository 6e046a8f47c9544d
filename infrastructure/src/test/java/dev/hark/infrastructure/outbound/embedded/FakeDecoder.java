package dev.hark.infrastructure.outbound.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;

/**
 * A scripted decoder. Voice activity is a function of samples processed in the current
 * utterance; text and words are whatever the test set last. Every call checks it runs inside
 * the decode executor when one is given, and counts what happened.
 */
final class FakeDecoder implements SpeechDecoder {

    private final BooleanSupplier onDecodeThread;
    private LongPredicate inSpeechAfter = samples -> false;
    private String hypothesis = "";
    private List<DecodedWord> words = List.of();
    private int failOnProcessCall = -1;
    private Runnable onProcess = () -> { };
    byte[] lastPcm;

    final List<String> callsOffTheLane = new ArrayList<>();
    int streamStarts;
    int starts;
    int ends;
    int processCalls;
    int closes;
    private long utteranceSamples;
    private boolean open;

    FakeDecoder(BooleanSupplier onDecodeThread) {
        this.onDecodeThread = onDecodeThread;
    }

    FakeDecoder speechWhile(LongPredicate samplesInUtterance) {
        this.inSpeechAfter = samplesInUtterance;
        return this;
    }

    FakeDecoder saying(String text, DecodedWord... words) {
        this.hypothesis = text;
        this.words = List.of(words);
        return this;
    }

    /** Runs {@code work} inside every {@link #process} call, e.g. to advance a fake CPU clock. */
    FakeDecoder whileProcessing(Runnable work) {
        this.onProcess = work;
        return this;
    }

    FakeDecoder failingOnProcessCall(int call) {
        this.failOnProcessCall = call;
        return this;
    }

    @Override
    public void startStream() {
        check("startStream");
        streamStarts++;
    }

    @Override
    public void startUtterance() {
        check("startUtterance");
        starts++;
        utteranceSamples = 0;
        open = true;
    }

    @Override
    public void process(byte[] pcm) {
        check("process");
        processCalls++;
        lastPcm = pcm;
        onProcess.run();
        if (processCalls == failOnProcessCall) {
            throw new DecoderException("ps_process_raw returned -1");
        }
        utteranceSamples += pcm.length / 2;
    }

    @Override
    public boolean inSpeech() {
        check("inSpeech");
        return inSpeechAfter.test(utteranceSamples);
    }

    @Override
    public void endUtterance() {
        check("endUtterance");
        ends++;
        open = false;
    }

    @Override
    public boolean utteranceOpen() {
        return open;
    }

    @Override
    public String hypothesis() {
        check("hypothesis");
        return hypothesis;
    }

    @Override
    public List<DecodedWord> words() {
        check("words");
        return words;
    }

    @Override
    public void close() {
        closes++;
    }

    private void check(String call) {
        if (!onDecodeThread.getAsBoolean()) {
            callsOffTheLane.add(call);
        }
    }
}
