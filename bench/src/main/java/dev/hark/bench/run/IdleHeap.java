package dev.hark.bench.run;

import java.util.List;
import java.util.Map;

/**
 * Live heap an idle session costs a server: live bytes with {@code sessions} idle sessions open
 * minus live bytes with none (both after a full GC, after the same sessions were opened and
 * closed once so every class involved is loaded), divided by {@code sessions}.
 */
record IdleHeap(String target, int sessions, long bytesWithout, long bytesWith,
                List<Map.Entry<String, Long>> largestGrowth) {

    double kibPerSession() {
        return (bytesWith - bytesWithout) / 1024.0 / sessions;
    }
}
