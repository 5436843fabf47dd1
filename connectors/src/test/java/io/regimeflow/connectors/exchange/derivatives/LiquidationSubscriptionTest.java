package io.regimeflow.connectors.exchange.derivatives;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.model.Liquidation;
import io.regimeflow.model.OrderSide;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.FakeBinanceStream;
import java.math.BigDecimal;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * Subscriptions a venue refuses (Bybit's answer to a topic it does not have): the refused
 * symbol is dropped and the others keep their liquidations; a venue refusing everything is asked
 * again with a backoff that grows (Bybit and OKX limit connections per IP).
 */
class LiquidationSubscriptionTest {

    @Test
    void aRefusedTopicDropsItsSymbolAndTheOthersKeepTheirLiquidations() throws Exception {
        try (FakeBinanceStream stream = new FakeBinanceStream(FakeBinanceStream.Venue.BYBIT);
                LiquidationStream socket = new LiquidationStream(DerivativesVenue.BYBIT.api(),
                        stream.baseUrl(), () -> { }, System::currentTimeMillis,
                        LiquidationStream.PROBE_AFTER_MS,
                        new UnregisteredMetricsGroup())) {
            stream.refuseTopic("allLiquidation.NOPEUSDT");
            socket.add(SpotPerpetual.plain("BTC/USDT", "BTCUSDT"));
            socket.add(SpotPerpetual.plain("NOPE/USDT", "NOPEUSDT"));
            Liquidation l = new Liquidation("BTC/USDT", "bybit", System.currentTimeMillis(),
                    OrderSide.SELL, new BigDecimal("64000.5"), BigDecimal.ZERO,
                    new BigDecimal("0.25"));
            Await.until("BTC/USDT's liquidation after NOPE/USDT was dropped", () -> {
                if (stream.subscribed("allLiquidation.BTCUSDT")) {
                    stream.push(l);
                }
                Liquidation got = socket.poll();
                return got != null && got.symbol().equals("BTC/USDT");
            }, () -> stream.connectionsOpened() + " connections opened");
            assertThat(stream.subscribed("allLiquidation.NOPEUSDT")).isFalse();
            // The refusal, then the connection without the refused topic.
            assertThat(stream.connectionsOpened()).isLessThanOrEqualTo(3);
        }
    }

    /**
     * OKX refusing the subscription without naming a symbol ({@code {"event":"error","code":
     * "60018",...}}, its codes are strings): asked again, less and less often.
     */
    @Test
    void aVenueRefusingEverySubscriptionIsAskedLessAndLessOften() throws Exception {
        try (FakeBinanceStream stream = new FakeBinanceStream(FakeBinanceStream.Venue.OKX);
                LiquidationStream socket = new LiquidationStream(DerivativesVenue.OKX.api(),
                        stream.baseUrl(), () -> { }, System::currentTimeMillis,
                        LiquidationStream.PROBE_AFTER_MS,
                        new UnregisteredMetricsGroup())) {
            stream.refuseSubscriptions();
            socket.add(SpotPerpetual.plain("BTC/USDT", "BTC-USDT-SWAP"));
            stream.awaitConnectionsOpened(2, Await.PATIENT);
            // A window in which too much may not happen (a slow machine only connects less):
            // with waits of at least 0.5, 1, 2 and 4 s, at most 5 connections in 10 s. The
            // backoff used to start over at each handshake: about one a second.
            Thread.sleep(10_000);
            assertThat(stream.connectionsOpened()).isLessThanOrEqualTo(6);
        }
    }
}
