package dev.hark.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hark.application.service.DrainSettings;
import dev.hark.application.service.SessionSettings;
import dev.hark.infrastructure.inbound.websocket.StreamEndpointSettings;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.Duration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every default is stated in the code (the factories' field values) and shown twice: in
 * config.yml and in README's configuration table. This holds the three equal: every key of the
 * table once, every key of config.yml in the table, and every default the table states (in
 * backticks, not an environment expression) equal to the code's default and, where config.yml
 * sets the key, to config.yml's value.
 */
class ConfigurationTableTest {

    private static final Pattern ROW = Pattern.compile("^\\| ((?:`[^`]+`(?:, )?)+) \\| ([^|]*) \\|");
    private static final Pattern TICKED = Pattern.compile("`([^`]*)`");
    /** Sections of config.yml that are Dropwizard's own, documented by Dropwizard. */
    private static final List<String> FRAMEWORK = List.of("logging", "server");

    private final ObjectMapper mapper = Jackson.newObjectMapper();

    private record Row(String key, String shownDefault) {
    }

    @Test
    void readmeTable_configYml_andTheCodeStateTheSameDefaults() throws Exception {
        Path root = repositoryRoot();
        List<Row> rows = readmeRows(Files.readAllLines(root.resolve("README.md")));
        JsonNode code = mapper.valueToTree(new YamlConfigurationFactory<>(HarkConfiguration.class,
                Validators.newValidator(), mapper, "dw").build(
                path -> new ByteArrayInputStream("provider: embedded\n".getBytes(StandardCharsets.UTF_8)), "empty.yml"));
        JsonNode shipped = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("config.yml").toFile());

        Map<String, Integer> seen = new LinkedHashMap<>();
        rows.forEach(row -> seen.merge(row.key(), 1, Integer::sum));
        assertThat(seen).as("README keys stated more than once").allSatisfy((key, count) -> assertThat(count).isOne());

        List<String> shippedKeys = new ArrayList<>();
        leaves("", shipped, shippedKeys);
        assertThat(shippedKeys).as("config.yml keys missing from README's table").allSatisfy(key ->
                assertThat(seen).containsKey(key));

        List<String> mismatches = new ArrayList<>();
        for (Row row : rows) {
            if (row.shownDefault() == null || row.shownDefault().startsWith("${")) {
                continue; // prose, or the environment decides
            }
            JsonNode inCode = at(code, row.key());
            if (inCode == null || !same(row.shownDefault(), inCode)) {
                mismatches.add(row.key() + ": README " + row.shownDefault() + ", code " + inCode);
            }
            JsonNode inYml = at(shipped, row.key());
            if (inYml != null && !same(row.shownDefault(), inYml)) {
                mismatches.add(row.key() + ": README " + row.shownDefault() + ", config.yml " + inYml);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    /**
     * The settings objects tests and benchmarks build Hark with ({@code ...Settings.DEFAULTS}) are
     * the configuration's defaults, not a fourth opinion.
     */
    @Test
    void theSettingsDefaultsTestsUse_areTheConfigurationsDefaults() throws Exception {
        HarkConfiguration defaults = new YamlConfigurationFactory<>(HarkConfiguration.class,
                Validators.newValidator(), mapper, "dw").build(
                path -> new ByteArrayInputStream("provider: embedded\n".getBytes(StandardCharsets.UTF_8)), "empty.yml");

        assertThat(defaults.sessions().build()).isEqualTo(SessionSettings.DEFAULTS);
        assertThat(defaults.drain().build()).isEqualTo(DrainSettings.DEFAULTS);
        assertThat(defaults.stream().build()).isEqualTo(StreamEndpointSettings.DEFAULTS);
    }

    /** A row {@code | `a.b`, `c` | `1`, `2` | ...} states a.b = 1 and a.c = 2; a prose default states no value. */
    private static List<Row> readmeRows(List<String> lines) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            List<String> keys = ticked(row.group(1));
            List<String> values = ticked(row.group(2));
            String prefix = keys.get(0).contains(".") ? keys.get(0).substring(0, keys.get(0).lastIndexOf('.') + 1) : "";
            for (int i = 0; i < keys.size(); i++) {
                String key = i == 0 ? keys.get(0) : prefix + keys.get(i);
                rows.add(new Row(key, values.size() == keys.size() ? values.get(i) : null));
            }
        }
        return rows;
    }

    private static List<String> ticked(String cell) {
        List<String> found = new ArrayList<>();
        Matcher ticked = TICKED.matcher(cell);
        while (ticked.find()) {
            found.add(ticked.group(1));
        }
        return found;
    }

    private static void leaves(String prefix, JsonNode node, List<String> into) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(field -> {
                if (!(prefix.isEmpty() && FRAMEWORK.contains(field.getKey()))) {
                    leaves(prefix + field.getKey() + ".", field.getValue(), into);
                }
            });
        } else {
            into.add(prefix.substring(0, prefix.length() - 1));
        }
    }

    private static JsonNode at(JsonNode root, String key) {
        JsonNode node = root;
        for (String part : key.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node == null || node.isMissingNode() ? null : node;
    }

    private static boolean same(String shown, JsonNode value) {
        String stated = shown.startsWith("\"") && shown.endsWith("\"") ? shown.substring(1, shown.length() - 1) : shown;
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return stated.equals("[" + String.join(", ", items) + "]");
        }
        String actual = value.asText();
        if (stated.equalsIgnoreCase(actual)) {
            return true;
        }
        try {
            return Duration.parse(stated).toNanoseconds() == Duration.parse(actual).toNanoseconds();
        } catch (IllegalArgumentException notADuration) {
            // try the next reading
        }
        try {
            return DataSize.parse(stated).toBytes() == DataSize.parse(actual).toBytes();
        } catch (IllegalArgumentException notASize) {
            // try the next reading
        }
        try {
            return Double.parseDouble(stated) == Double.parseDouble(actual);
        } catch (NumberFormatException notANumber) {
            return stated.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT));
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("config.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("config.yml not found above the working directory");
        }
        return dir;
    }
}
