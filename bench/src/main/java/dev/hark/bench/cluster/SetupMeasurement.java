package dev.hark.bench.cluster;

import dev.hark.bench.load.LoadResult;
import java.util.Map;
import java.util.Optional;

/**
 * One measured run of one setup.
 *
 * @param setup            which setup
 * @param load             what the generator saw
 * @param cpuPercent       each process's CPU over the sending window, % of one core, by name
 * @param switchesPerFrame context switches of all the setup's processes (all threads) per frame sent
 * @param generatorCpu     the generator's CPU over the window, % of one core
 * @param otherCpu         every other process's CPU over the window, % of one core
 * @param redis            what Redis spent, for the cluster setup
 * @param loadBefore       one-minute load average just before the window
 * @param loadAfter        one-minute load average at its end
 */
record SetupMeasurement(Deployment.Setup setup, LoadResult load, Map<String, Double> cpuPercent,
                        double switchesPerFrame, double generatorCpu, double otherCpu, Optional<RedisCost> redis,
                        double loadBefore, double loadAfter) {

    double totalCpuPercent() {
        return cpuPercent.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** CPU time of all the setup's processes per frame, in microseconds. */
    double microsPerFrame() {
        return totalCpuPercent() * 10_000 / Math.max(1, load.framesPerSecond());
    }

    /** Frames acknowledged twice, or named by a final off the frame grid or never sent: finals that do not tile the audio. */
    long untiled() {
        return load.duplicates() + load.misaligned() + load.unknown();
    }
}
