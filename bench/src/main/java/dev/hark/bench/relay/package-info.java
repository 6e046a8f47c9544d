/**
 * The baseline: a raw WebSocket relay on the same Jetty stack Hark serves from (ee10 servlet
 * WebSocket, explicit demand), which answers each binary frame at once, on the I/O thread, with
 * a final naming its sample range. What Hark costs is the difference between the two under the
 * same generator in the same run.
 */
package dev.hark.bench.relay;
