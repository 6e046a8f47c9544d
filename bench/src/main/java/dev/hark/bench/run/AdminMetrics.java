package dev.hark.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Gauges from Hark's admin {@code /metrics} (Dropwizard's JSON: {@code gauges.NAME.value}). */
public final class AdminMetrics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;

    public AdminMetrics(int adminPort) {
        this.metrics = URI.create("http://127.0.0.1:" + adminPort + "/metrics");
    }

    /** The gauge's value, or -1 when it is not registered. */
    long gauge(String name) throws IOException, InterruptedException {
        return (long) gaugeValue(name);
    }

    /** The gauge's value, or -1 when it is not registered. */
    public double gaugeValue(String name) throws IOException, InterruptedException {
        return gaugeValues(java.util.List.of(name)).getFirst();
    }

    /** The gauges' values in the order asked, from one request; -1 for any not registered. */
    public java.util.List<Double> gaugeValues(java.util.List<String> names) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + metrics + " answered " + response.statusCode());
        }
        JsonNode gauges = JSON.readTree(response.body()).path("gauges");
        return names.stream().map(name -> gauges.path(name).path("value"))
                .map(value -> value.isNumber() ? value.asDouble() : -1.0).toList();
    }
}
