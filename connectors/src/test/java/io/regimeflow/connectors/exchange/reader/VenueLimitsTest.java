package io.regimeflow.connectors.exchange.reader;

import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.exchange.split.ExchangeSplit;
import io.regimeflow.connectors.exchange.split.ExchangeStream;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.MarketData;
import io.regimeflow.testkit.FakeDerivativesVenues.Limit;
import io.regimeflow.testkit.FakeDerivativesVenues.Request;
import io.regimeflow.testkit.FakeDerivativesVenues;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import static io.regimeflow.connectors.exchange.reader.ExchangeSplitReaderTest.run;
import static io.regimeflow.connectors.exchange.reader.DerivativesVenuesTest.HOUR;
import static io.regimeflow.connectors.exchange.reader.DerivativesVenuesTest.T0;
import static io.regimeflow.connectors.exchange.reader.DerivativesVenuesTest.settings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each venue's own answer to too many requests, with the real bodies recorded in
 * {@code shared/data/errors} (Bybit's 10006 in an HTTP 200, OKX's 50011 with its code as a
 * string and as a number; Hyperliquid's 429, of which no body is recorded): no request to that
 * host before the wait it asks for, then everything asked again and delivered once. Times are
 * the fake's arrival times; only lower bounds are asserted (a slow machine only waits longer).
 */
class VenueLimitsTest {

    static DerivativesVenue venueOf(Limit limit) {
        return switch (limit) {
            case BYBIT_10006, BYBIT_10006_WITHOUT_RESET -> DerivativesVenue.BYBIT;
            case OKX_50011, OKX_50011_NUMBER -> DerivativesVenue.OKX;
            case HYPERLIQUID_429 -> DerivativesVenue.HYPERLIQUID;
        };
    }

    /**
     * The wait each answer asks for, when it names no moment: Bybit without its reset header a
     * window of its per-second limits; OKX a window of its 2-second limits; Hyperliquid 5 s of
     * its minute. (They used to get the first backoff step only, 0 to 0.5 s.)
     */
    static long leastWaitMs(Limit limit) {
        return switch (limit) {
            case BYBIT_10006 -> 0; // until the reset timestamp, asserted apart
            case BYBIT_10006_WITHOUT_RESET -> 1_000;
            case OKX_50011, OKX_50011_NUMBER -> 2_000;
            case HYPERLIQUID_429 -> 5_000;
        };
    }

    @ParameterizedTest
    @EnumSource(Limit.class)
    void noRequestToTheHostBeforeTheWaitItsLimitAnswerAsksFor(Limit limit) throws Exception {
        DerivativesVenue venue = venueOf(limit);
        int hours = venue == DerivativesVenue.HYPERLIQUID ? 1 : 8;
        List<FundingSettlement> series = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            series.add(new FundingSettlement("BTC/USDT", venue.id(), T0 + i * hours * HOUR,
                    new BigDecimal("0.0001"), hours, null));
        }
        try (FakeDerivativesVenues fake = new FakeDerivativesVenues()) {
            fake.funding("BTC/USDT", series).bybitResetIn(2_500);
            // Two in a row: the second shows the first wait held every request, the retry too.
            fake.rateLimitNext(2, limit);
            MetricListener metrics = new MetricListener();
            ExchangeSplitReader reader = new ExchangeSplitReader(settings(venue, fake.baseUrl(),
                    fake.baseUrl(), URI.create("ws://127.0.0.1:9"), List.of("BTC/USDT"), T0,
                    T0 + 2 * 24 * HOUR), 1, System::currentTimeMillis,
                    metrics.getMetricGroup());
            List<MarketData> out = run(reader, List.of(new ExchangeSplit("BTC/USDT", 0,
                    ExchangeStream.FUNDING, T0 - 1, -1)), o -> o.size() >= series.size());
            reader.close();
            assertThat(out).isEqualTo(series);
            List<Request> at = fake.timedRequests();
            assertThat(at.size()).as("requests: %s", at).isGreaterThanOrEqualTo(3);
            for (int i = 1; i <= 2; i++) {
                long after = limit == Limit.BYBIT_10006
                        ? fake.bybitResets().get(i - 1) // until Bybit's reset, on its clock
                        : at.get(i - 1).at() + leastWaitMs(limit);
                assertThat(at.get(i).at()).as("request %d after limit answer %d; requests %s",
                        i + 1, i, at).isGreaterThanOrEqualTo(after);
            }
            assertThat(metrics.getCounter("host", "127.0.0.1-futures", "rateLimitWaits"))
                    .hasValueSatisfying(c -> assertThat(c.getCount()).isEqualTo(2));
        }
    }
}
