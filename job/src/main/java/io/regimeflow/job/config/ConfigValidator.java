package io.regimeflow.job.config;

import io.regimeflow.model.Symbols;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules the types alone do not express: symbols in {@code BASE/QUOTE} form, positive
 * windows, ordered thresholds, well-formed URLs, a range whose end follows its start. The first
 * broken rule is reported as a {@link ConfigException} naming the key, its value and its origin.
 * The analyses' keys are checked by {@link AnalysisValidator}, the sinks' by
 * {@link SinksValidator}.
 */
final class ConfigValidator extends ConfigChecks {

    private final Map<String, String> origins;

    private ConfigValidator(Map<String, String> origins) {
        super(origins);
        this.origins = origins;
    }

    static void validate(RegimeflowConfig c, Map<String, String> origins) {
        new ConfigValidator(origins).check(c);
    }

    private void check(RegimeflowConfig c) {
        if (c.universe() != null) {
            checkUniverse(c);
        } else {
            checkSymbols(c.symbols());
        }
        checkSource(c.source());
        checkSimulator(c.simulator());
        checkBinance(c.binance());
        checkDerivatives(c.derivatives());
        checkKafka(c);
        checkPacing(c);
        checkPlantedShocks(c);
        new AnalysisValidator(origins).check(c.analysis());
        new SinksValidator(origins).check(c.sinks(), c.dashboard());
        positive("checkpointing.interval", c.checkpointing().interval());
        positive("checkpointing.timeout", c.checkpointing().timeout());
        if (c.checkpointing().dir() != null) {
            uri("checkpointing.dir", c.checkpointing().dir(), c.checkpointing().dir(),
                    "a URI with a scheme such as file:///var/regimeflow/checkpoints or "
                            + "s3://bucket/checkpoints");
        }
        if (c.job().name() == null || c.job().name().isBlank()
                || c.job().name().chars().anyMatch(Character::isISOControl)) {
            fail("job.name", c.job().name(), "a non-empty name on one line");
        }
        if (c.job().parallelism() != null && c.job().parallelism() < 1) {
            fail("job.parallelism", c.job().parallelism(), "a whole number of at least 1");
        }
    }

    private void checkSymbols(List<String> symbols) {
        if (symbols == null || symbols.isEmpty()) {
            fail("symbols", symbols, "at least one symbol such as BTC/USDT");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (!Symbols.isValid(s)) {
                fail("symbols", s, "BASE/QUOTE in upper case, such as BTC/USDT"
                        + (s != null && !s.contains("/") ? " (not " + s + ")" : ""));
            }
            if (!seen.add(s)) {
                fail("symbols", s, "each symbol once");
            }
        }
    }

    /** The universe form of {@code symbols}: read from the exchange, so Binance only. */
    private void checkUniverse(RegimeflowConfig c) {
        RegimeflowConfig.Universe u = c.universe();
        if (u.quote() == null || !u.quote().matches("[A-Z0-9]{2,10}")) {
            fail("symbols.universe.quote", u.quote(), "a quote asset in upper case, such as "
                    + "USDT or USD");
        }
        if (u.minQuoteVolume() != null && !(u.minQuoteVolume() >= 0)) {
            fail("symbols.universe.min-quote-volume", u.minQuoteVolume(), "a 24h volume in "
                    + "units of the quote asset, 0 or more (1000000: a million " + u.quote() + ")");
        }
        if (u.refresh() != null && u.refresh().compareTo(Duration.ofMinutes(1)) < 0) {
            fail("symbols.universe.refresh", u.refresh(), "a duration of at least 1m, such as "
                    + "1h (each reading costs request weight)");
        }
        if (c.source().type() != RegimeflowConfig.SourceType.binance) {
            fail("symbols", "{universe: ...}", "a list of symbols with source.type "
                    + c.source().type() + " (a universe is read from the exchange: it needs "
                    + "source.type binance)");
        }
    }

    private void checkSource(RegimeflowConfig.Source s) {
        if (s.start() != null && s.start().toEpochMilli() % 60_000 != 0) {
            fail("source.start", s.start(), "a time on a whole minute");
        }
        if (s.end() != null) {
            if (s.end().toEpochMilli() % 60_000 != 0) {
                fail("source.end", s.end(), "a time on a whole minute");
            }
            if (s.start() == null) {
                fail("source.start", null, "a start time when source.end is set (a bounded run)");
            }
            if (!s.end().isAfter(s.start())) {
                fail("source.end", s.end(), "a time after source.start " + s.start());
            }
        }
        positive("source.idleness", s.idleness());
    }

    private void checkDerivatives(RegimeflowConfig.Derivatives d) {
        if (d.venue() == null) {
            fail("derivatives.venue", null, "binance-usdm, bybit, okx or hyperliquid");
        }
        if (d.restUrl() != null) {
            checkUrls(new String[][] {{"derivatives.rest-url", d.restUrl(), "http"}});
        }
        if (d.websocketUrl() != null) {
            checkUrls(new String[][] {{"derivatives.websocket-url", d.websocketUrl(), "ws"}});
        }
        if (d.weightLimit() != null && d.weightLimit() < 1) {
            fail("derivatives.weight-limit", d.weightLimit(), "a weight of at least 1");
        }
    }

    private void checkBinance(RegimeflowConfig.Binance b) {
        checkUrls(new String[][] {{"binance.spot-url", b.spotUrl(), "http"}});
        checkUrls(new String[][] {{"binance.websocket-url", b.websocketUrl(), "ws"}});
        positive("binance.backfill", b.backfill());
        positive("binance.funding-backfill", b.fundingBackfill());
        positive("binance.poll-delay", b.pollDelay());
        positive("binance.depth-interval", b.depthInterval());
        positive("binance.funding-poll-interval", b.fundingPollInterval());
        positive("binance.request-timeout", b.requestTimeout());
        positive("binance.give-up-after", b.giveUpAfter());
        if (b.depthLimit() < 1 || b.depthLimit() > 5000) {
            fail("binance.depth-limit", b.depthLimit(), "a number of levels from 1 to 5000");
        }
        if (b.spotWeightLimit() < 1) {
            fail("binance.spot-weight-limit", b.spotWeightLimit(), "a weight of at least 1");
        }
        if (!(b.weightShare() > 0 && b.weightShare() <= 1)) {
            fail("binance.weight-share", b.weightShare(), "a share in (0, 1]");
        }
        if (b.gapRetries() < 0) {
            fail("binance.gap-retries", b.gapRetries(), "a whole number of at least 0");
        }
    }

    private void checkKafka(RegimeflowConfig c) {
        RegimeflowConfig.Kafka k = c.kafka();
        bootstrapServers("kafka.bootstrap-servers", k.bootstrapServers());
        topic("kafka.topic", k.topic());
        if (k.groupId() == null || k.groupId().isBlank()) {
            fail("kafka.group-id", k.groupId(), "a consumer group id");
        }
        if (c.source().type() == RegimeflowConfig.SourceType.kafka) {
            // A topic is read by offsets, not by time: a start or end would silently not apply.
            if (c.source().start() != null) {
                fail("source.start", c.source().start(), "no start with source.type kafka (it "
                        + "starts at committed offsets, else kafka.starting-offsets)");
            }
            if (c.source().end() != null) {
                fail("source.end", c.source().end(), "no end with source.type kafka (set "
                        + "kafka.stop-at-end: true to read the topic to its end and finish)");
            }
        }
    }

    /** A paced simulator emits a minute per 60 s / speed: a split must not go idle in between. */
    private void checkPacing(RegimeflowConfig c) {
        RegimeflowConfig.Simulator sim = c.simulator();
        Double pace = c.source().end() == null ? Double.valueOf(sim.speed()) : sim.replaySpeed();
        if (c.source().type() == RegimeflowConfig.SourceType.simulator && pace != null) {
            double minuteMs = 60_000 / pace;
            if (c.source().idleness().toMillis() <= minuteMs) {
                fail("source.idleness", c.source().idleness(), "more than the "
                        + Math.round(minuteMs) + " ms a paced simulator takes per minute at "
                        + (c.source().end() == null ? "simulator.speed "
                                : "simulator.replay-speed ")
                        + pace + " (or a faster speed)");
            }
        }
    }

    private void checkSimulator(RegimeflowConfig.Simulator s) {
        if (!(s.speed() > 0) || Double.isInfinite(s.speed())) {
            fail("simulator.speed", s.speed(), "a number above 0");
        }
        if (s.replaySpeed() != null
                && (!(s.replaySpeed() > 0) || Double.isInfinite(s.replaySpeed()))) {
            fail("simulator.replay-speed", s.replaySpeed(), "a number above 0, or null for "
                    + "as fast as possible");
        }
        if (s.warmup() == null || s.warmup().isNegative()) {
            fail("simulator.warmup", s.warmup(), "a duration of 0 or more such as "
                    + ConfigValues.DURATION_EXAMPLES);
        }
        Duration book = s.bookInterval();
        if (book.isZero() || book.toMillis() % 60_000 != 0) {
            fail("simulator.book-interval", book, "a whole number of minutes, at least 1m");
        }
        if (!(s.gapProbability() >= 0 && s.gapProbability() < 1)) {
            fail("simulator.gap-probability", s.gapProbability(), "a probability in [0, 1)");
        }
        if (!List.of(1, 2, 4, 8).contains(s.fundingIntervalHours())) {
            fail("simulator.funding-interval-hours", s.fundingIntervalHours(), "1, 2, 4 or 8");
        }
        probability("simulator.shocks-per-day", s.shocksPerDay());
        probability("simulator.drift", s.drift());
    }

    private void checkPlantedShocks(RegimeflowConfig c) {
        String key = "simulator.planted-shocks";
        for (RegimeflowConfig.PlantedShock p : c.simulator().plantedShocks()) {
            if (p == null || p.symbol() == null || p.start() == null || p.duration() == null
                    || p.direction() == null) {
                fail(key, p, "entries with symbol, start, duration, intensity and direction");
            }
            if (!c.symbols().contains(p.symbol())) {
                fail(key, p.symbol(), "one of the configured symbols " + c.symbols());
            }
            long hours = p.duration().toHours();
            if (p.duration().toMillis() % 3_600_000 != 0 || hours < 1 || hours > 720) {
                fail(key, p.duration(), "a duration of whole hours from 1h to 30d");
            }
            if (!(p.intensity() >= 1 && p.intensity() <= 20)) {
                fail(key, p.intensity(), "an intensity (volatility multiple) from 1 to 20");
            }
        }
    }
}
