package dev.hark.application.service;

import dev.hark.application.port.outbound.ClusterMetricsPort;
import dev.hark.application.port.outbound.store.ClientJournalPort;
import dev.hark.application.port.outbound.store.NodeId;
import java.time.Duration;
import java.util.Objects;

/**
 * Gateway role only (H33): the client side of every resumable session is written ahead into the
 * store's journal, so a client whose gateway died resumes through another, which adopts the
 * session from the journal. Role {@code all} has none and behaves exactly as before.
 *
 * @param gateway     this gateway, the holder its journal writes are fenced by
 * @param retryDelay  wait before retrying a write the store did not answer
 * @param outageBound how long a write may keep failing before the session ends with a retryable error (H35)
 * @param retireTtl   how long the store session of an adopted session's previous holder stays readable
 * @param metrics     the journal's write latency ({@code journal_final}, {@code journal_tokens}, {@code adopt}) and fenced writes
 */
public record ClientJournaling(ClientJournalPort port, NodeId gateway, Duration retryDelay, Duration outageBound,
                               Duration retireTtl, ClusterMetricsPort metrics) {

    public ClientJournaling {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(outageBound, "outageBound");
        Objects.requireNonNull(retireTtl, "retireTtl");
        Objects.requireNonNull(metrics, "metrics");
    }
}
