package io.regimeflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.job.config.CommandLine;
import io.regimeflow.job.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub message that names the page's source, for each kind of run. */
class SourceGreetingTest {

    @TempDir
    Path dir;

    String greeting(String... args) throws Exception {
        return SourceGreeting.message(ConfigLoader.load(CommandLine.parse(args), Map.of(), dir));
    }

    @Test
    void eachSourceIsNamedWithItsPace() throws Exception {
        assertThat(greeting()).isEqualTo("{\"kind\":\"source\",\"data\":{\"type\":\"simulator\","
                + "\"label\":\"Simulated market\",\"speed\":60.0,\"bounded\":false}}");
        // A bounded simulator run without a replay speed goes as fast as it can (it threw).
        assertThat(greeting("--start", "2024-01-01", "--end", "2024-01-02")).isEqualTo(
                "{\"kind\":\"source\",\"data\":{\"type\":\"simulator\",\"label\":\"Simulated "
                        + "market\",\"bounded\":true}}");
        assertThat(greeting("--start", "2024-01-01", "--end", "2024-01-02",
                "--simulator.replay-speed", "3600")).contains("\"speed\":3600.0");
        assertThat(greeting("--source", "binance")).isEqualTo("{\"kind\":\"source\",\"data\":"
                + "{\"type\":\"binance\",\"label\":\"Binance.US live\",\"bounded\":false}}");
        assertThat(greeting("--source", "binance", "--start", "2024-01-01", "--end",
                "2024-01-02")).contains("\"label\":\"Binance.US history\"");
        assertThat(greeting("--source", "kafka")).contains("\"label\":\"Kafka replay\"");
    }
}
