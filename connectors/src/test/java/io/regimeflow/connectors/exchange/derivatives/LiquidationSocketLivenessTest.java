package io.regimeflow.connectors.exchange.derivatives;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FakeBinanceStream;
import java.math.BigDecimal;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

/**
 * A liquidation socket that stops answering without closing (a half-open connection, a network
 * failure the client is not told of) is taken for dead after two unanswered pings, marked down
 * and opened again; a quiet socket that answers its pings is kept.
 */
class LiquidationSocketLivenessTest {

    /** Short, so that the test is quick; production asks after 20 s of silence. */
    static final long PROBE_MS = 300;

    @Test
    void aHalfOpenSocketIsEndedAndReopenedAndAQuietOneKept() throws Exception {
        MetricListener metrics = new MetricListener();
        try (FakeBinanceStream stream = new FakeBinanceStream();
                LiquidationStream socket = new LiquidationStream(
                        DerivativesVenue.BINANCE_USDM.api(), stream.baseUrl(), () -> { },
                        System::currentTimeMillis, PROBE_MS, metrics.getMetricGroup())) {
            socket.add(SpotPerpetual.plain("ALGO/USDT", "ALGOUSDT"));
            stream.awaitConnectionsOpened(1, Await.PATIENT);
            Gauge<Integer> connected = metrics.<Integer>getGauge("liquidationStreamConnected")
                    .orElseThrow();
            Await.until("the socket connected", () -> connected.getValue() == 1,
                    () -> "connected gauge " + connected.getValue());

            // Quiet but answering its pings: kept, for ten probe intervals. A window in which
            // nothing may happen, not a wait for something: a slow machine can only make it
            // pass more easily.
            Thread.sleep(10 * PROBE_MS);
            assertThat(stream.connectionsOpened()).as("a quiet healthy socket is kept")
                    .isEqualTo(1);

            stream.stopAnswering();
            stream.awaitConnectionsOpened(2, Await.PATIENT);
            Liquidation l = new Liquidation("ALGO/USDT", "binance-usdm",
                    System.currentTimeMillis(), OrderSide.SELL, new BigDecimal("0.1910"),
                    new BigDecimal("0.1905"), new BigDecimal("12000"));
            // Pushed on the new connection (the old one delivers nothing any more).
            Await.until("a liquidation on the new connection", () -> {
                if (connected.getValue() == 1) {
                    stream.push(l);
                }
                Liquidation got = socket.poll();
                return got != null && got.equals(l);
            }, () -> "connected gauge " + connected.getValue() + ", connections opened "
                    + stream.connectionsOpened());
            assertThat(metrics.<Long>getGauge("liquidationStreamDownMs").orElseThrow()
                    .getValue()).as("time down counted").isPositive();
        }
    }
}
