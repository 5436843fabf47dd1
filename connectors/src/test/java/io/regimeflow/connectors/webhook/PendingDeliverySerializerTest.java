package io.regimeflow.connectors.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.Severity;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The webhook sink's checkpointed state survives a round trip, byte for byte. */
class PendingDeliverySerializerTest {

    final PendingDeliverySerializer serializer = new PendingDeliverySerializer();

    static MarketEvent event() {
        return new MarketEvent("LIQUIDATION_CASCADE:BTC/USDT:1704067200000",
                EventType.LIQUIDATION_CASCADE, "BTC/USDT", Severity.CRITICAL,
                "Cascade on BTC/USDT \u2014 \u00fcber 5 M$", "line one\nline \"two\"",
                1_704_067_200_000L, "{\"severity_score\":4,\"notional\":\"5000000.50\"}");
    }

    @Test
    void aPendingDeliveryComesBackEqual() throws IOException {
        PendingDelivery d = new PendingDelivery("discord-1", event(), 3, 2);
        byte[] bytes = serializer.serialize(d);
        PendingDelivery back = serializer.deserialize(serializer.getVersion(), bytes);
        assertThat(back).isEqualTo(d);
        assertThat(serializer.serialize(back)).isEqualTo(bytes);
    }

    @Test
    void theCountersAndTheStateTransitionsSurviveToo() throws IOException {
        PendingDelivery d = new PendingDelivery("bot", event(), 0, 0).failedOnce().askedToWait();
        PendingDelivery back = serializer.deserialize(1, serializer.serialize(d));
        assertThat(back.attempts()).isEqualTo(2);
        assertThat(back.failures()).isEqualTo(1);
        assertThat(back.key()).isEqualTo(d.key());
    }

    @Test
    void anUnknownVersionIsRefused() throws IOException {
        byte[] bytes = serializer.serialize(new PendingDelivery("t", event(), 1, 1));
        assertThatThrownBy(() -> serializer.deserialize(2, bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");
    }
}
