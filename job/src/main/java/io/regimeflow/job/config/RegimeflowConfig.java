package io.regimeflow.job.config;

import io.regimeflow.connectors.exchange.derivatives.DerivativesVenue;
import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.connectors.webhook.WebhookKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The whole configuration, bound from {@code regimeflow-defaults.yaml} overlaid with the user's
 * file, environment and flags (see {@link ConfigLoader}). Keys are the kebab-case forms of the
 * component names. Where a component has an enum of its own (the derivatives venue, the webhook
 * kind, the Kafka starting offsets, the delivery guarantee), the configuration binds to it
 * ({@link ConfigValues} for the forms).
 */
public record RegimeflowConfig(
        List<String> symbols,
        Source source,
        Simulator simulator,
        Binance binance,
        Derivatives derivatives,
        Kafka kafka,
        Analysis analysis,
        Sinks sinks,
        Dashboard dashboard,
        Checkpointing checkpointing,
        Job job,
        Universe universe) {

    /**
     * The symbols are a universe ({@code symbols: {universe: ...}}), {@code symbols()} being what
     * was read of it at start ({@link #withSymbols}); null when {@code symbols} is a list.
     *
     * @param quote the quote asset, e.g. USDT
     * @param minQuoteVolume 24h quote volume floor in units of the quote asset; null: none
     * @param refresh how often the exchange's list is read again; null: 1h
     */
    public record Universe(String quote, Double minQuoteVolume, Duration refresh) {}

    /** This configuration with {@code symbols} set (a universe's symbols as read at start). */
    /** Whether the run ends by itself: a {@code source.end}, or a Kafka topic read to its end. */
    public boolean ends() {
        return source.end() != null || (source.type() == SourceType.kafka && kafka.stopAtEnd());
    }

    public RegimeflowConfig withSymbols(List<String> list) {
        return new RegimeflowConfig(List.copyOf(list), source, simulator, binance, derivatives,
                kafka, analysis, sinks, dashboard, checkpointing, job, universe);
    }

    RegimeflowConfig withUniverse(Universe u) {
        return new RegimeflowConfig(symbols, source, simulator, binance, derivatives, kafka,
                analysis, sinks, dashboard, checkpointing, job, u);
    }

    /** The kinds of market-data source. */
    public enum SourceType {
        simulator,
        binance,
        kafka
    }

    public record Source(SourceType type, Instant start, Instant end,
            Duration maxOutOfOrderness, Duration idleness) {}

    public record Simulator(long seed, double speed, Double replaySpeed, Duration warmup,
            Duration bookInterval, double gapProbability, int fundingIntervalHours,
            double shocksPerDay, double drift, List<PlantedShock> plantedShocks) {}

    public record Binance(String spotUrl,
            Duration backfill, Duration fundingBackfill, Duration pollDelay,
            Duration depthInterval, int depthLimit, Duration fundingPollInterval,
            int spotWeightLimit, double weightShare,
            Duration requestTimeout, int gapRetries, Duration giveUpAfter, boolean depth,
            boolean funding, boolean liquidations, Live live, String websocketUrl) {}

    /** How live spot candles and books arrive ({@code binance.live}). */
    public enum Live {
        /** Binance.US's websocket streams; REST for the backfill, repairs and refusals. */
        websocket,
        /** REST polling only. */
        rest
    }

    public record Kafka(String bootstrapServers, String topic, String groupId,
            MarketRecordTopic.Start startingOffsets, boolean stopAtEnd) {}

    /** Which way a planted shock runs the price. */
    public enum Direction {
        down,
        up
    }

    public record PlantedShock(String symbol, Instant start, Duration duration,
            double intensity, Direction direction) {}

    public record Analysis(Volatility volatility, Funding funding, Cascade cascade, Trend trend,
            Correlation correlation) {}

    public record Volatility(int returnWindow, int baselineWindow, int baselineMin,
            List<Double> boundaries, double hysteresis, int clusteringWindow) {}

    public record Funding(Duration history, int minHistory, double anomalyZ,
            Duration persistenceWindow, Duration retention, Duration reversalHorizon) {}

    public record Cascade(Duration window, List<Double> severityThresholds,
            double longDominance, double shortDominance, double bookBin, int eventMinSeverity,
            Duration refireAfter) {}

    public record Trend(int lookback, double zThreshold, double heatThreshold,
            double chopEfficiency, int confirmAgreement) {}

    public record Correlation(int shortWindow, int longWindow, int minReturns,
            double breakMinCorr, double breakRatio, double leadThreshold, int snapshotPairs) {}

    public record Sinks(Jdbc jdbc, Webhooks webhooks, KafkaSinks kafka) {}

    public record Webhooks(List<WebhookTarget> targets, String secret, Duration timeout,
            int maxAttempts, Duration backoff, Duration backoffCap, int breakerFailures,
            Duration breakerCooldown, int maxPending, Duration maxAge) {

        @Override
        public String toString() {
            return "Webhooks[" + targets.size() + " targets, secret="
                    + (secret == null ? "null" : "***") + "]";
        }
    }

    /**
     * One webhook target as configured.
     *
     * @param kind null: from the URL's host
     * @param events event type names; null or empty: all
     * @param minSeverity null: WARNING (INFO events stay in the database, Kafka and the page)
     */
    public record WebhookTarget(String url, String name, WebhookKind kind, List<String> events,
            String minSeverity, String secret, String chatId) {

        @Override
        public String toString() {
            return "WebhookTarget[" + name + "]"; // the URL holds a token
        }
    }

    /**
     * Where funding and liquidations come from.
     *
     * @param restUrl null: the venue's own
     * @param websocketUrl null: the venue's own
     * @param weightLimit null: the venue's published limit
     */
    public record Derivatives(DerivativesVenue venue, String restUrl, String websocketUrl,
            Integer weightLimit) {}

    public record KafkaSinks(boolean enabled, String bootstrapServers, String eventsTopic,
            String snapshotsTopic, String pairCorrelationsTopic,
            DeliveryGuarantee deliveryGuarantee,
            String transactionalIdPrefix, Duration transactionTimeout) {}

    public record Jdbc(boolean enabled, String url, String username, String password,
            int batchSize, Duration batchInterval, int maxRetries) {

        @Override
        public String toString() {
            return "Jdbc[enabled=" + enabled + ", url=" + url + ", username=" + username
                    + ", password=" + (password == null ? "null" : "***") + "]";
        }
    }

    public record Dashboard(boolean enabled, String host, int port, String hubUrl,
            String ingestToken, int buffer) {

        @Override
        public String toString() {
            return "Dashboard[" + host + ":" + port + ", hubUrl=" + hubUrl + ", ingestToken="
                    + (ingestToken == null ? "null" : "***") + "]";
        }
    }

    public record Checkpointing(Duration interval, Duration timeout, String dir) {}

    public record Job(String name, Integer parallelism) {}
}
