package dev.hark.application.access;

/** Whether sessions need a credential. */
public enum AccessMode {
    /**
     * With at least one API key configured, every session needs a credential, loopback included.
     * With none, no credential is needed but the server listens on loopback only.
     */
    KEYS,
    /** No credential anywhere, on any interface: for a network the operator already controls. */
    NONE
}
