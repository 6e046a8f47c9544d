package dev.hark.infrastructure.outbound.deepgram;

/**
 * Reports each utterance's end once. Deepgram can end the same utterance twice: a
 * {@code speech_final} final (endpointing) and, a moment later, an {@code UtteranceEnd} (the
 * word-gap detector). Clients treat either as "the speaker stopped", so acting on both makes
 * them close an utterance twice. An {@code UtteranceEnd} is therefore passed on only when final
 * words have arrived since the last delivered speech-final final, i.e. when nothing ended that
 * utterance yet. An empty speech-final final (endpointing on silence) is never delivered, so it
 * ends nothing here. Confined to the socket's event thread: no locking.
 */
final class UtteranceEndFilter {

    /** Final words have arrived that no delivered speech-final final has ended yet. */
    private boolean utteranceOpen;

    /** A final was delivered; {@code hasText} false for finals that were not delivered. */
    void onFinal(boolean hasText, boolean speechFinal) {
        if (!hasText) {
            return;
        }
        utteranceOpen = !speechFinal;
    }

    /** Whether this {@code UtteranceEnd} ends an utterance nothing else has ended. */
    boolean admitUtteranceEnd() {
        boolean admit = utteranceOpen;
        utteranceOpen = false;
        return admit;
    }
}
