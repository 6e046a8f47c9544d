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

    /** Journals the session's tokens and generation, then runs {@code tell} (in order with the finals). */
    void beforeTelling(Runnable tell);

    /** A client message passed the guard, which may have committed a token rotation (H25). */
    void clientMessageAdmitted();

    /** The session ended here: its journal goes (unless another gateway holds it now). */
    void ended();
}
