package dev.hark.application.port.inbound;

/** Whether the server still takes new sessions; read by readiness and metrics. */
public interface DrainStatusQuery {

    /** True from the start of a drain on: readiness is false and new sessions are refused. */
    boolean draining();
}
