package io.regimeflow.job.config;

import io.regimeflow.dashboard.HubSettings;
import io.regimeflow.model.EventType;
import io.regimeflow.model.Severity;
import io.regimeflow.model.Symbols;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules the types alone do not express: symbols in {@code BASE/QUOTE} form, positive
 * windows, ordered thresholds, well-formed URLs, a range whose end follows its start. The first
 * broken rule is reported as a {@link ConfigException} naming the key, its value and its origin.
 */
final class ConfigValidator {

    private final Map<String, String> origins;

    private ConfigValidator(Map<String, String> origins) {
        this.origins = origins;
    }

    static void validate(RegimeflowConfig c, Map<String, String> origins) {
        new ConfigValidator(origins).check(c);
    }

    private void check(RegimeflowConfig c) {
        checkSymbols(c.symbols());
        checkSource(c.source());
        checkSimulator(c.simulator());
        checkBinance(c.binance());
        checkDerivatives(c.derivatives());
        checkKafka(c);
        checkPacing(c);
        checkPlantedShocks(c);
        checkAnalysis(c.analysis());
        checkJdbc(c.sinks().jdbc());
        checkWebhooks(c.sinks().webhooks());
        checkKafkaSinks(c.sinks().kafka());
        checkDashboard(c.dashboard());
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

    /** URLs of a scheme: {key, value, "http" or "ws"}; null values are skipped. */
    private void checkUrls(String[][] urls) {
        for (String[] kv : urls) {
            String v = kv[1];
            String expected = kv[2].equals("http")
                    ? "an http(s) URL such as https://api.binance.us"
                    : "a ws(s) URL such as wss://fstream.binance.com";
            if (v == null || !(v.startsWith(kv[2] + "://") || v.startsWith(kv[2] + "s://"))) {
                fail(kv[0], v, expected);
            }
            uri(kv[0], v, v, expected);
        }
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
                        + (c.source().end() == null ? "simulator.speed " : "simulator.replay-speed ")
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

    private void checkAnalysis(RegimeflowConfig.Analysis a) {
        RegimeflowConfig.Volatility v = a.volatility();
        atLeast("analysis.volatility.return-window", v.returnWindow(), 2);
        atLeast("analysis.volatility.baseline-window", v.baselineWindow(), 1);
        atLeast("analysis.volatility.baseline-min", v.baselineMin(), 1);
        if (v.baselineMin() > v.baselineWindow()) {
            fail("analysis.volatility.baseline-min", v.baselineMin(),
                    "at most analysis.volatility.baseline-window (" + v.baselineWindow() + ")");
        }
        ascending("analysis.volatility.boundaries", v.boundaries(), 3);
        if (!(v.hysteresis() >= 0 && v.hysteresis() < 1)) {
            fail("analysis.volatility.hysteresis", v.hysteresis(), "a share in [0, 1)");
        }
        atLeast("analysis.volatility.clustering-window", v.clusteringWindow(), 3);

        RegimeflowConfig.Funding f = a.funding();
        positive("analysis.funding.history", f.history());
        atLeast("analysis.funding.min-history", f.minHistory(), 2);
        positiveNumber("analysis.funding.anomaly-z", f.anomalyZ());
        positive("analysis.funding.persistence-window", f.persistenceWindow());
        positive("analysis.funding.retention", f.retention());
        positive("analysis.funding.reversal-horizon", f.reversalHorizon());

        RegimeflowConfig.Cascade c = a.cascade();
        positive("analysis.cascade.window", c.window());
        if (c.window().toMillis() % 60_000 != 0) {
            fail("analysis.cascade.window", c.window(), "a whole number of minutes");
        }
        ascending("analysis.cascade.severity-thresholds", c.severityThresholds(), 4);
        probability("analysis.cascade.long-dominance", c.longDominance());
        probability("analysis.cascade.short-dominance", c.shortDominance());
        if (c.shortDominance() >= c.longDominance()) {
            fail("analysis.cascade.short-dominance", c.shortDominance(),
                    "less than analysis.cascade.long-dominance (" + c.longDominance() + ")");
        }
        if (!(c.bookBin() > 0 && c.bookBin() <= 0.1)) {
            fail("analysis.cascade.book-bin", c.bookBin(), "a share of the mid price in (0, 0.1]");
        }
        if (c.eventMinSeverity() < 1 || c.eventMinSeverity() > 5) {
            fail("analysis.cascade.event-min-severity", c.eventMinSeverity(), "1 to 5");
        }
        positive("analysis.cascade.refire-after", c.refireAfter());

        RegimeflowConfig.Trend t = a.trend();
        atLeast("analysis.trend.lookback", t.lookback(), 3);
        positiveNumber("analysis.trend.z-threshold", t.zThreshold());
        probability("analysis.trend.heat-threshold", t.heatThreshold());
        probability("analysis.trend.chop-efficiency", t.chopEfficiency());
        if (t.confirmAgreement() < 1 || t.confirmAgreement() > 4) {
            fail("analysis.trend.confirm-agreement", t.confirmAgreement(), "1 to 4 timeframes");
        }

        RegimeflowConfig.Correlation k = a.correlation();
        atLeast("analysis.correlation.min-returns", k.minReturns(), 3);
        if (k.shortWindow() < k.minReturns()) {
            fail("analysis.correlation.short-window", k.shortWindow(),
                    "at least analysis.correlation.min-returns (" + k.minReturns() + ")");
        }
        if (k.longWindow() < k.shortWindow()) {
            fail("analysis.correlation.long-window", k.longWindow(),
                    "at least analysis.correlation.short-window (" + k.shortWindow() + ")");
        }
        probability("analysis.correlation.break-min-corr", k.breakMinCorr());
        if (!(k.breakRatio() > 0 && k.breakRatio() < 1)) {
            fail("analysis.correlation.break-ratio", k.breakRatio(), "a ratio in (0, 1)");
        }
        if (!(k.leadThreshold() >= 0 && k.leadThreshold() < 2)) {
            fail("analysis.correlation.lead-threshold", k.leadThreshold(),
                    "a correlation difference in [0, 2)");
        }
    }

    private void checkJdbc(RegimeflowConfig.Jdbc j) {
        if (j.enabled()) {
            String url = j.url();
            String expected = "jdbc:sqlite:<file> or jdbc:postgresql://<host>:<port>/<database>";
            if (url == null) {
                fail("sinks.jdbc.url", null, expected);
            } else if (url.startsWith("jdbc:sqlite:")) {
                if (url.length() == "jdbc:sqlite:".length()) {
                    fail("sinks.jdbc.url", url, "a file after jdbc:sqlite:, e.g. "
                            + "jdbc:sqlite:regimeflow.db");
                }
            } else if (url.startsWith("jdbc:postgresql://")) {
                URI uri = uri("sinks.jdbc.url", url, url.substring("jdbc:".length()), expected);
                if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                    fail("sinks.jdbc.url", url, expected);
                }
            } else {
                fail("sinks.jdbc.url", url, expected);
            }
        }
        atLeast("sinks.jdbc.batch-size", j.batchSize(), 1);
        atLeast("sinks.jdbc.max-retries", j.maxRetries(), 0);
    }

    /** Parses {@code uri}, reporting problems against the configured {@code value}. */
    private URI uri(String key, String value, String uri, String expected) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getScheme() == null) {
                fail(key, value, expected);
            }
            return parsed;
        } catch (URISyntaxException e) {
            throw ConfigException.at(key, value, origins.getOrDefault(key, "defaults"),
                    expected + " (" + e.getReason() + " at index " + e.getIndex() + ")");
        }
    }

    private void ascending(String key, List<Double> values, int size) {
        if (values == null || values.size() != size) {
            fail(key, values, size + " numbers in increasing order");
        }
        for (int i = 0; i < values.size(); i++) {
            Double v = values.get(i);
            if (v == null || !(v > 0) || (i > 0 && v <= values.get(i - 1))) {
                fail(key, values, size + " positive numbers in increasing order");
            }
        }
    }

    private void checkWebhooks(RegimeflowConfig.Webhooks w) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < w.targets().size(); i++) {
            RegimeflowConfig.WebhookTarget t = w.targets().get(i);
            String key = "sinks.webhooks.targets[" + i + "]";
            URI url = null;
            if (t.url() != null) {
                try {
                    url = new URI(t.url());
                } catch (URISyntaxException e) {
                    url = null;
                }
            }
            if (url == null || url.getHost() == null || !("https".equals(url.getScheme())
                    || "http".equals(url.getScheme()))) {
                // The URL carries the token: never echo it.
                fail(key + ".url", t.url() == null ? null : "(hidden)", "an http(s) URL such "
                        + "as https://discord.com/api/webhooks/<id>/<token>");
            }
            String name = WebhookTargets.name(t, i);
            if (!names.add(name)) {
                fail(key + ".name", name, "a name no other target has");
            }
            for (String e : t.events() == null ? List.<String>of() : t.events()) {
                if (!EnumSet.allOf(EventType.class).stream().map(Enum::name).toList()
                        .contains(e.toUpperCase(Locale.ROOT))) {
                    fail(key + ".events", e, "event types among "
                            + Arrays.toString(EventType.values()));
                }
            }
            if (t.minSeverity() != null && Arrays.stream(Severity.values())
                    .noneMatch(v -> v.name().equalsIgnoreCase(t.minSeverity()))) {
                fail(key + ".min-severity", t.minSeverity(), "INFO, WARNING or CRITICAL");
            }
            RegimeflowConfig.WebhookKind kind = WebhookTargets.kind(t, url);
            if (kind == RegimeflowConfig.WebhookKind.telegram && (t.chatId() == null
                    || t.chatId().isBlank())) {
                fail(key + ".chat-id", null, "the chat a Telegram target posts to (sendMessage "
                        + "needs chat_id), e.g. -1001234567890 or @channel");
            }
            if (kind == RegimeflowConfig.WebhookKind.json && t.secret() == null
                    && w.secret() == null) {
                fail(key + ".secret", null, "an HMAC key for this json target, or "
                        + "sinks.webhooks.secret for all of them, so receivers can verify "
                        + "deliveries");
            }
        }
        positive("sinks.webhooks.timeout", w.timeout());
        positive("sinks.webhooks.backoff", w.backoff());
        positive("sinks.webhooks.backoff-cap", w.backoffCap());
        positive("sinks.webhooks.breaker-cooldown", w.breakerCooldown());
        if (w.maxAge() != null) {
            positive("sinks.webhooks.max-age", w.maxAge());
        }
        if (w.maxAttempts() < 1) {
            fail("sinks.webhooks.max-attempts", w.maxAttempts(), "a whole number of at least 1");
        }
        if (w.breakerFailures() < 1) {
            fail("sinks.webhooks.breaker-failures", w.breakerFailures(),
                    "a whole number of at least 1");
        }
        if (w.maxPending() < 1) {
            fail("sinks.webhooks.max-pending", w.maxPending(), "a whole number of at least 1");
        }
    }

    private void checkKafkaSinks(RegimeflowConfig.KafkaSinks k) {
        if (!k.enabled()) {
            return;
        }
        bootstrapServers("sinks.kafka.bootstrap-servers", k.bootstrapServers());
        topic("sinks.kafka.events-topic", k.eventsTopic());
        topic("sinks.kafka.snapshots-topic", k.snapshotsTopic());
        positive("sinks.kafka.transaction-timeout", k.transactionTimeout());
        if (k.transactionalIdPrefix() == null || k.transactionalIdPrefix().isBlank()) {
            fail("sinks.kafka.transactional-id-prefix", k.transactionalIdPrefix(),
                    "a prefix unique to this job");
        }
    }

    private void checkDashboard(RegimeflowConfig.Dashboard d) {
        if (d.port() < 0 || d.port() > 65535) {
            fail("dashboard.port", d.port(), "a port from 0 (any free one) to 65535");
        }
        if (d.buffer() < 1) {
            fail("dashboard.buffer", d.buffer(), "a whole number of at least 1");
        }
        if (d.hubUrl() != null && !(d.hubUrl().startsWith("ws://")
                || d.hubUrl().startsWith("wss://"))) {
            fail("dashboard.hub-url", d.hubUrl(), "a ws(s) URL such as ws://hub:8088/ingest");
        }
        if (d.enabled() && !HubSettings.isLoopback(d.host()) && d.ingestToken() == null) {
            fail("dashboard.ingest-token", null, "a token when dashboard.host is " + d.host()
                    + " (not this machine only), so only the job can feed the page");
        }
    }

    private void bootstrapServers(String key, String value) {
        if (value == null || !value.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            fail(key, value, "host:port[,host:port...] such as localhost:9092");
        }
    }

    private void topic(String key, String value) {
        if (value == null || !value.matches("[a-zA-Z0-9._-]{1,249}")) {
            fail(key, value, "a Kafka topic name (letters, digits, . _ -)");
        }
    }

    private void positive(String key, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            fail(key, d == null ? null : d.isNegative() ? "-" + d.abs() : d,
                    "a positive duration such as " + ConfigValues.DURATION_EXAMPLES);
        }
    }

    private void positiveNumber(String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            fail(key, v, "a number above 0");
        }
    }

    private void probability(String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            fail(key, v, "a number in [0, 1]");
        }
    }

    private void atLeast(String key, int v, int min) {
        if (v < min) {
            fail(key, v, "a whole number of at least " + min);
        }
    }

    private void fail(String key, Object value, String expected) {
        throw ConfigException.at(key, value, origin(key), expected);
    }

    /** Where a key was set: its own layer, else that of the nearest key holding it. */
    private String origin(String key) {
        String k = key;
        while (true) {
            String o = origins.get(k);
            if (o != null) {
                return o;
            }
            String parent = k.replaceFirst("(\\.[^.\\[]+|\\[\\d+])$", "");
            if (parent.equals(k)) {
                return "defaults";
            }
            k = parent;
        }
    }
}
