package dev.hark.application.service;

/**
 * What the client side tells its session's journal besides the finals (H33): the tokens a
 * resume hands out are journaled before the client hears them, a committed rotation after, and
 * the end. {@link #NONE} in role {@code all}: everything runs at once, as it always did.
 * Lane-confined.
 */
interface ClientJournal {

    ClientJournal NONE = new ClientJournal() {
        @Override
        public void beforeStart(Runnable start) {
            start.run();
        }

        @Override
        public void beforeTelling(Runnable tell) {
            tell.run();
        }

        @Override
        public void clientMessageAdmitted() {
        }

        @Override
        public void ended() {
        }
    };

    /**
     * Opens the journal of a session opened here, then runs {@code start} (the recognizer side's):
     * so every store session of it is recorded in its journal, for an adopter to retire.
     */
    void beforeStart(Runnable start);

    /** Journals the session's tokens and generation, then runs {@code tell} (in order with the finals). */
    void beforeTelling(Runnable tell);

    /** A client message passed the guard, which may have committed a token rotation (H25). */
    void clientMessageAdmitted();

    /** The session ended here: its journal goes (unless another gateway holds it now). */
    void ended();
}
