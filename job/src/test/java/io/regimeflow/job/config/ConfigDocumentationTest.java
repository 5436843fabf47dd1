package io.regimeflow.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's configuration reference and the example file stay true to the code. */
class ConfigDocumentationTest {

    @Test
    void theReadmeDocumentsEveryKey() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        for (String key : ConfigLoader.leafKeys()) {
            assertThat(readme).as("README reference row for %s", key).contains("| `" + key + "` |");
        }
    }

    @Test
    void theExampleFileIsAValidConfiguration() {
        RegimeflowConfig c = ConfigLoader.load(CommandLine.parse("--config",
                "regimeflow.example.yaml"), Map.of(), Path.of("..").toAbsolutePath());
        assertThat(c.simulator().seed()).isEqualTo(7);
        assertThat(c.source().end()).isNotNull();
    }
}
