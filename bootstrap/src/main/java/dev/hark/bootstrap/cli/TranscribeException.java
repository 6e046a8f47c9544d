package dev.hark.bootstrap.cli;

/** A user-facing reason {@code transcribe} can't go on; its message is printed as is. */
final class TranscribeException extends Exception {

    private static final long serialVersionUID = 1L;

    TranscribeException(String message) {
        super(message);
    }
}
