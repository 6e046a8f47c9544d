/**
 * The load generator: N concurrent sessions on {@code /v1/stream}, each sending 20 ms PCM frames
 * at real-time pace, all driven by one pacing thread. Every final names the sample range it
 * covers, so each frame is matched to the final that acknowledges it: that gives the latency
 * from send to answer per frame, and any lost or duplicated audio.
 */
package dev.hark.bench.load;
