package io.regimeflow.connectors.exchange;

import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.model.Candle;
import io.regimeflow.model.FundingSettlement;
import io.regimeflow.model.MarketData;
import io.regimeflow.model.MarketRecord;
import io.regimeflow.testkit.Await;
import io.regimeflow.testkit.BinanceKlineCsv;
import io.regimeflow.testkit.FailOnce;
import io.regimeflow.testkit.FakeBinance;
import io.regimeflow.testkit.FlinkTestEnvironment;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static org.assertj.core.api.Assertions.assertThat;


/**
 * The Binance source in a job on the mini-cluster, against fake spot and futures hosts on
 * loopback: backfill, then candles the exchange publishes while the job runs, through injected
 * faults and a job failure mid-run with a restore from the last checkpoint. The job must emit
 * exactly the candles and settlements the fakes hold, each once, in order per symbol, and keep
 * each host under its configured share of the weight limit.
 */
class ExchangeSourceIT {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = FlinkTestEnvironment.miniCluster();

    static final long MINUTE = 60_000L;
    static final String KLINES = "/api/v3/klines";

    @Test
    void backfillAndLivePollingThroughFaultsAndARestoreEmitEveryRecordOnce() throws Exception {
        Map<String, List<Candle>> market = new HashMap<>();
        market.put("ALGO/USDT", BinanceKlineCsv.read("ALGOUSDT-1m-2024-02.csv.gz", "ALGO/USDT")
                .subList(0, 2600));
        market.put("AVAX/USDT", BinanceKlineCsv.read("AVAXUSDT-1m-2024-02.csv.gz", "AVAX/USDT")
                .subList(0, 2600));
        market.put("FIL/USDT", BinanceKlineCsv.read("FILUSDT-1m-2024-02.csv.gz", "FIL/USDT")
                .subList(0, 2600));
        List<String> symbols = List.of("ALGO/USDT", "AVAX/USDT", "FIL/USDT");
        long start = market.get("ALGO/USDT").get(0).openTime();
        long end = start + 2600 * MINUTE;
        Map<String, List<FundingSettlement>> funding = new HashMap<>();
        try (FakeBinance spot = new FakeBinance(); FakeBinance futures = new FakeBinance()) {
            for (String s : symbols) {
                spot.candles(s, market.get(s));
                List<FundingSettlement> f = new ArrayList<>();
                for (long t = start; t < end; t += 8 * 3_600_000L) {
                    f.add(new FundingSettlement(s, "binance-usdm", t, new BigDecimal("0.000"
                            + (100 + f.size() * 7 + s.length())), 8, null));
                }
                futures.funding(s, f);
                funding.put(s, f);
            }
            // The exchange has published up to 5 hours before the end; the rest appears while
            // the job runs, 20 minutes every 250 ms (the exchange's pace: an input, not a wait),
            // from when the job has asked for the edge of what is published. On a clock alone,
            // a loaded machine could have it all published before the job got there, and the
            // live polling would go untested. A symbol at the edge, not every one: one there
            // keeps its reader's weight budget busy retrying the missing minutes, and a symbol
            // sharing that reader waits its turn.
            long revealFrom = end - 300 * MINUTE;
            spot.publishUntil(revealFrom);
            long hole = start + 1200 * MINUTE;
            spot.inject(KLINES, FakeBinance.rateLimited(1), new FakeBinance.Truncated(),
                    FakeBinance.serverError(), new FakeBinance.DuplicatedAndShuffled(),
                    new FakeBinance.MissingRange(hole, hole + 7 * MINUTE),
                    new FakeBinance.Hang(5_000), FakeBinance.serverError());
            AtomicReference<Throwable> revealFailed = new AtomicReference<>();
            Thread reveal = new Thread(() -> {
                try {
                    Await.until("a symbol asked for at the published edge " + revealFrom,
                            () -> symbols.stream().anyMatch(s -> lastAsked(spot, s)
                                    >= revealFrom),
                            () -> "the last startTime asked per symbol: " + symbols.stream()
                                    .map(s -> s + " " + lastAsked(spot, s)).toList());
                    for (long t = revealFrom; t < end; t += 20 * MINUTE) {
                        spot.publishUntil(t + 20 * MINUTE);
                        Thread.sleep(250);
                    }
                } catch (Throwable e) {
                    revealFailed.set(e);
                    spot.publishUntil(end); // lets the job end; the failure is reported below
                }
            });

            // 120 weight a minute in all for the spot host, 60 per reader: a request of
            // weight 2 a second per reader, although the symbols would poll far more often.
            // The unpublished minutes lie in the past, where a real exchange that keeps not
            // having them has a gap; enough retries here wait for them (gaps: the unit test).
            ExchangeSourceSettings settings = ExchangeSourceSettings.builder(symbols, start)
                    .spotUrl(spot.baseUrl()).venue(DerivativesVenue.BINANCE_USDM)
                    .derivativesRestUrl(futures.baseUrl())
                    .derivativesWebsocketUrl(URI.create("ws://127.0.0.1:9")).endMs(end)
                    .pollDelay(Duration.ofMillis(50)).depthInterval(Duration.ofMinutes(1))
                    .depthLimit(20).fundingPoll(Duration.ofSeconds(1)).spotWeightLimit(1200)
                    .derivativesWeightLimit(2400).weightShare(0.1)
                    .requestTimeout(Duration.ofSeconds(2)).giveUpAfter(Duration.ofDays(1))
                    .gapRetries(400).quietAfter(Duration.ofDays(3650)).build();
            StreamExecutionEnvironment env = FlinkTestEnvironment.env(2);
            env.enableCheckpointing(100);
            env.configure(new Configuration() {
                {
                    set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
                    set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
                    set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
                            Duration.ofMillis(200));
                }
            });
            FailOnce.arm("binance");
            List<MarketData> out = new ArrayList<>();
            reveal.start();
            try (CloseableIterator<MarketRecord> it = env
                    .fromSource(new ExchangeSource(settings), ExchangeSource.watermarks(),
                            "binance",
                            TypeInformation.of(MarketRecord.class))
                    .uid("binance-source")
                    .map(new FailOnce<MarketRecord>("binance", 3_000, 0, 300),
                            TypeInformation.of(MarketRecord.class))
                    .uid("fail-once")
                    .executeAndCollect()) {
                it.forEachRemaining(r -> out.add(r.data()));
            }
            reveal.join();
            if (revealFailed.get() != null) {
                throw new AssertionError("revealing the live minutes", revealFailed.get());
            }

            assertThat(FailOnce.fired("binance")).isTrue();
            for (String s : symbols) {
                List<Long> got = out.stream().filter(d -> d instanceof Candle
                        && d.symbol().equals(s)).map(d -> ((Candle) d).openTime()).toList();
                List<Long> want = market.get(s).stream().map(Candle::openTime).toList();
                assertThat(got).as("open times of %s", s).doesNotHaveDuplicates()
                        .isSorted().containsExactlyElementsOf(want);
                assertThat(out.stream().filter(d -> d instanceof Candle && d.symbol().equals(s))
                        .toList()).as("candles of %s", s).isEqualTo(market.get(s));
                assertThat(out.stream().filter(d -> d instanceof FundingSettlement
                        && d.symbol().equals(s)).toList()).as("funding of %s", s)
                        .isEqualTo(funding.get(s));
            }
            assertThat(spot.pendingFaults(KLINES)).isZero();
            assertThat(spot.maxWeightPerMinute()).isLessThanOrEqualTo(120);
        }
    }

    /** The latest {@code startTime} {@code symbol}'s klines were asked from; -1 for none. */
    static long lastAsked(FakeBinance spot, String symbol) {
        String asked = KLINES + "?symbol=" + symbol.replace("/", "") + "&";
        return spot.requests().stream().filter(r -> r.contains(asked)).mapToLong(r -> {
            Matcher m = START_TIME.matcher(r);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }).max().orElse(-1);
    }

    static final Pattern START_TIME = Pattern.compile("[?&]startTime=(\\d+)");
}
