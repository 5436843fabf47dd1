package io.regimeflow.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HubMessageKindTest {

    @Test
    void theWireNamesAreTheOnesTheJobAndThePageHaveAlwaysUsed() {
        assertThat(HubMessageKind.values()).extracting(HubMessageKind::wireName).containsExactly(
                "snapshot", "candle", "tick", "event", "derivatives", "source", "pair_correlation",
                "state");
        for (HubMessageKind k : HubMessageKind.values()) {
            assertThat(HubMessageKind.fromWireName(k.wireName())).contains(k);
        }
        assertThat(HubMessageKind.fromWireName("SNAPSHOT")).isEmpty();
        assertThat(HubMessageKind.fromWireName("")).isEmpty();
    }

    @Test
    void aMessageIsTheKindAndTheData() {
        var data = MarketJson.mapper().createObjectNode().put("symbol", "BTC/USDT");
        assertThat(HubMessageKind.TICK.message(data))
                .isEqualTo("{\"kind\":\"tick\",\"data\":{\"symbol\":\"BTC/USDT\"}}");
    }

    @Test
    void thePageHandlesEveryKind() throws IOException {
        String script;
        try (InputStream in = getClass().getResourceAsStream("/dashboard/app.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (HubMessageKind k : HubMessageKind.values()) {
            assertThat(script).contains("kind === \"" + k.wireName() + "\"");
        }
    }
}
