package dev.hark.bench.jmh;

import dev.hark.application.access.AccessMode;
import dev.hark.application.access.AccessService;
import dev.hark.application.access.AccessSettings;
import dev.hark.application.access.ApiKey;
import dev.hark.application.port.inbound.Caller;
import dev.hark.application.port.inbound.KeyLimits;
import dev.hark.application.port.outbound.AccessMetricsPort;
import dev.hark.infrastructure.inbound.access.UpgradeGate;
import dev.hark.infrastructure.outbound.tokens.NimbusAccessTokenAdapter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What authentication adds to a session open, at the upgrade: finding the credential and checking
 * it with the real {@link UpgradeGate}, {@link AccessService} and Nimbus adapter, against 10
 * configured keys (every digest is compared, so the cost grows with the key count), for no
 * credential on an open server (the baseline), an API key, and a browser token.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpgradeAuthenticationBenchmark {

    private static final String OWN = "http://localhost:8080";

    private UpgradeGate open;
    private UpgradeGate keyed;
    private List<String> keyHeader;
    private List<String> tokenSubprotocol;

    @Setup
    public void setUp() {
        List<ApiKey> keys = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            keys.add(ApiKey.fromKey("key" + i, "benchmark-key-" + i + "-0123456789abcdef", KeyLimits.UNLIMITED));
        }
        NimbusAccessTokenAdapter tokens = NimbusAccessTokenAdapter.withRandomSecret();
        AccessService access = new AccessService(new AccessSettings(AccessMode.KEYS, keys, Duration.ofMinutes(10),
                List.of()), tokens, Clock.systemUTC(), AccessMetricsPort.NONE);
        keyed = new UpgradeGate(access);
        open = new UpgradeGate(new AccessService(AccessSettings.open(), tokens, Clock.systemUTC(),
                AccessMetricsPort.NONE));
        keyHeader = List.of("Bearer benchmark-key-9-0123456789abcdef");
        String token = access.grant(new Caller.KeyHolder("key9", KeyLimits.UNLIMITED), Optional.empty()).accessToken();
        tokenSubprotocol = List.of("bearer, " + token);
    }

    @Benchmark
    public UpgradeGate.Decision noCredentialOnAnOpenServer() {
        return open.check(List.of(), List.of(), Map.of(), Optional.empty(), OWN);
    }

    @Benchmark
    public UpgradeGate.Decision apiKeyInTheAuthorizationHeader() {
        return keyed.check(keyHeader, List.of(), Map.of(), Optional.empty(), OWN);
    }

    @Benchmark
    public UpgradeGate.Decision browserTokenInTheSubprotocol() {
        return keyed.check(List.of(), tokenSubprotocol, Map.of(), Optional.of(OWN), OWN);
    }
}
