package dev.hark.infrastructure.outbound.conversion;

import dev.hark.application.port.outbound.RecognizerStream;
import dev.hark.domain.audio.AudioFormat;
import dev.hark.domain.audio.PcmChunk;

/**
 * A recognizer stream fed through an {@link AudioConverter}: client chunks in, converted chunks
 * out on the wrapped stream's own clock (sample 0 = the first converted sample). The session
 * calls {@link #sendAudio} and {@link #closeGracefully} from its lane, one at a time, so the
 * converter needs no lock; {@link #abort()} may come from anywhere and touches only the
 * wrapped stream.
 */
final class ConvertingRecognizerStream implements RecognizerStream {

    private final RecognizerStream stream;
    private final AudioConverter converter;
    private final AudioFormat engineFormat;
    private long engineSamplesSent;
    private boolean closing;

    ConvertingRecognizerStream(RecognizerStream stream, AudioConverter converter, AudioFormat engineFormat) {
        this.stream = stream;
        this.converter = converter;
        this.engineFormat = engineFormat;
    }

    @Override
    public void sendAudio(PcmChunk chunk) {
        if (!closing) {
            forward(converter.convert(chunk.pcm()));
        }
    }

    /**
     * The converter keeps back the last few milliseconds (half its filter) until more audio
     * comes; a finalize leaves them there, so the stream's clock stays continuous. They are
     * only a sliver of the silence that usually precedes a finalize.
     */
    @Override
    public void finalizeUtterance() {
        stream.finalizeUtterance();
    }

    /** The converter's tail goes out first, then the close. */
    @Override
    public void closeGracefully() {
        if (!closing) {
            closing = true;
            forward(converter.drain());
        }
        stream.closeGracefully();
    }

    @Override
    public void abort() {
        stream.abort();
    }

    @Override
    public void keepAlive() {
        stream.keepAlive();
    }

    @Override
    public boolean isOpen() {
        return stream.isOpen();
    }

    private void forward(byte[] converted) {
        if (converted.length == 0) {
            return;
        }
        PcmChunk chunk = new PcmChunk(engineSamplesSent, converted, engineFormat);
        engineSamplesSent += chunk.sampleCount();
        stream.sendAudio(chunk);
    }
}
