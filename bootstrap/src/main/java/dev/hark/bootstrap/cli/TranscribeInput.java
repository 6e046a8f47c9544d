package dev.hark.bootstrap.cli;

import dev.hark.infrastructure.client.HarkStreamException;
import dev.hark.infrastructure.client.WavAudio;
import dev.hark.infrastructure.client.WavFormatException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns the command's arguments into checked inputs, and any failure into one line: a user
 * should see "file not found: x.wav", not a stack trace.
 */
final class TranscribeInput {

    private TranscribeInput() {
    }

    static WavAudio readAudio(Path file) throws TranscribeException {
        if (!Files.isRegularFile(file)) {
            throw new TranscribeException("file not found: " + file);
        }
        try {
            return WavAudio.read(file);
        } catch (WavFormatException e) {
            throw new TranscribeException(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw new TranscribeException("cannot read " + file + ": " + e.getMessage());
        }
    }

    static URI parseUrl(String url) throws TranscribeException {
        try {
            URI uri = new URI(url);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new TranscribeException("--url must look like ws://HOST:PORT/v1/stream, got: " + url);
            }
            if (uri.getRawQuery() != null) {
                throw new TranscribeException("--url must not have a query (the client adds it), got: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new TranscribeException("--url is not a URL: " + url);
        }
    }

    static String describe(Throwable failure) {
        if (failure instanceof TranscribeException || failure instanceof HarkStreamException) {
            return failure.getMessage();
        }
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
