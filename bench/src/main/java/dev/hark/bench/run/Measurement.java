package dev.hark.bench.run;

import dev.hark.bench.load.LoadResult;

/**
 * One measured run against one server.
 *
 * @param target         "hark" or "relay"
 * @param load           what the generator saw
 * @param serverCpu      server CPU during the sending window, percent of one core
 * @param generatorCpu   the generator's CPU over the same window, percent of one core
 * @param otherCpu       every other process's CPU over the window, percent of one core
 * @param serverRssMiB   the server's resident memory at the end of the window
 * @param serverHeapMiB  heap in use then, from the server's admin metrics ({@code jvm.memory.heap.used},
 *                       garbage included), or -1 for a server without them (the relay)
 * @param switchesPerFrame the server's context switches during the window per frame sent
 * @param loadBefore     one-minute load average just before the window
 * @param loadAfter      one-minute load average at its end (includes the run itself)
 */
record Measurement(String target, LoadResult load, double serverCpu, double generatorCpu, double otherCpu,
                   double serverRssMiB, double serverHeapMiB, double switchesPerFrame, double loadBefore, double loadAfter) {
}
