package dev.hark.application.port.outbound.store;

import java.util.List;

/** Result of reading or reclaiming assignments. */
public sealed interface AssignmentBatch permits AssignmentBatch.Assignments, Unavailable {

    /** Possibly empty (nothing arrived within the block time). */
    record Assignments(List<Assignment> assignments) implements AssignmentBatch {
        public Assignments {
            assignments = List.copyOf(assignments);
        }
    }
}
