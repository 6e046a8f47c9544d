package dev.hark.bootstrap.it;

import java.util.HashMap;
import java.util.Map;

/** One scrape of the admin {@code /prometheus}: each sample line as {@code series -> value}. */
public record PrometheusScrape(String text, Map<String, Double> samples) {

    public static PrometheusScrape of(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new PrometheusScrape(text, samples);
    }

    /** The value of {@code series} (e.g. {@code hark_refusals_total{code="SESSION_NOT_FOUND"}}), 0 if absent. */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }
}
