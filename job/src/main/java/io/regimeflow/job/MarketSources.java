package io.regimeflow.job;

import io.regimeflow.connectors.exchange.ExchangeSource;
import io.regimeflow.connectors.exchange.config.ExchangeSourceSettings;
import io.regimeflow.connectors.exchange.config.SpotLive;
import io.regimeflow.connectors.kafka.MarketRecordTopic;
import io.regimeflow.connectors.simulator.MarketSimulatorSource;
import io.regimeflow.connectors.simulator.PlantedShock;
import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.MarketRecord;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;

/** Creates the configured market-data source. */
final class MarketSources {
    private MarketSources() {}

    static MarketInput input(RegimeflowConfig config, Instant now) {
        return new MarketInput(create(config, now), watermarks(config),
                config.source().type() == RegimeflowConfig.SourceType.kafka);
    }

    static Source<MarketRecord, ?, ?> create(RegimeflowConfig config, Instant now) {
        return switch (config.source().type()) {
            case simulator -> new MarketSimulatorSource(simulatorSettings(config, now));
            case binance -> new ExchangeSource(binanceSettings(config, now));
            case kafka -> MarketRecordTopic.source(config.kafka().bootstrapServers(),
                    config.kafka().topic(), config.kafka().groupId(),
                    config.kafka().startingOffsets(), config.kafka().stopAtEnd());
        };
    }

    /**
     * Event time for the configured source: the Binance source drives its own watermarks (its
     * candles are the clock), a Kafka partition's candles drive its watermark, the simulator's
     * records get bounded out-of-orderness; idle splits do not hold back the others.
     */
    static WatermarkStrategy<MarketRecord> watermarks(RegimeflowConfig config) {
        RegimeflowConfig.Source s = config.source();
        return switch (s.type()) {
            case binance -> ExchangeSource.watermarks();
            case kafka -> MarketRecordTopic.watermarks(s.maxOutOfOrderness(), s.idleness());
            case simulator -> RegimeflowPipeline.watermarks(s.maxOutOfOrderness(), s.idleness());
        };
    }

    /** The derivatives venue's REST base URL: the configured one, else the venue's own. */
    static URI derivativesRestUrl(RegimeflowConfig config) {
        RegimeflowConfig.Derivatives d = config.derivatives();
        return d.restUrl() != null ? URI.create(d.restUrl()) : d.venue().defaultRestUrl();
    }

    static ExchangeSourceSettings binanceSettings(RegimeflowConfig config, Instant now) {
        RegimeflowConfig.Source src = config.source();
        RegimeflowConfig.Binance b = config.binance();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        Instant start = src.start() != null ? src.start() : minute.minus(b.backfill());
        Instant fundingStart = start.isBefore(minute.minus(b.fundingBackfill())) ? start
                : minute.minus(b.fundingBackfill());
        RegimeflowConfig.Derivatives d = config.derivatives();
        return ExchangeSourceSettings.builder(config.symbols(), start.toEpochMilli())
                .spotUrl(URI.create(b.spotUrl()))
                .venue(d.venue())
                .derivativesRestUrl(derivativesRestUrl(config))
                .derivativesWebsocketUrl(d.websocketUrl() == null ? null
                        : URI.create(d.websocketUrl()))
                .derivativesWeightLimit(d.weightLimit())
                .endMs(src.end() == null ? null : src.end().toEpochMilli())
                .fundingStartMs(src.start() != null ? start.toEpochMilli()
                        : fundingStart.toEpochMilli())
                .pollDelay(b.pollDelay())
                .depthInterval(b.depthInterval())
                .depthLimit(b.depthLimit())
                .fundingPoll(b.fundingPollInterval())
                .spotWeightLimit(b.spotWeightLimit())
                .weightShare(b.weightShare())
                .requestTimeout(b.requestTimeout())
                .giveUpAfter(b.giveUpAfter())
                .gapRetries(b.gapRetries())
                .quietAfter(src.idleness())
                .streams(b.depth(), b.funding(), b.liquidations())
                .live(new SpotLive(b.live() != RegimeflowConfig.Live.rest,
                        URI.create(b.websocketUrl()), SpotLive.streams().lateAfter()))
                .universe(UniverseAtStart.of(config))
                .build();
    }

    /** Simulated per wall-clock time; infinite: a bounded run as fast as it can. */
    private static double pace(RegimeflowConfig.Source src, RegimeflowConfig.Simulator sim) {
        if (src.end() == null) {
            return sim.speed();
        }
        return sim.replaySpeed() != null ? sim.replaySpeed() : Double.POSITIVE_INFINITY;
    }

    static SimulatorSettings simulatorSettings(RegimeflowConfig config, Instant now) {
        RegimeflowConfig.Source src = config.source();
        RegimeflowConfig.Simulator sim = config.simulator();
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        // A live run's page is warm from its first minutes: history first, then the pace.
        boolean warmUp = src.start() == null && src.end() == null;
        Instant start = src.start() != null ? src.start()
                : warmUp ? minute.minus(sim.warmup()) : minute;
        List<PlantedShock> planted = sim.plantedShocks().stream()
                .map(p -> new PlantedShock(p.symbol(), p.start().toEpochMilli(),
                        (int) p.duration().toHours(), p.intensity(),
                        p.direction() == RegimeflowConfig.Direction.down ? -1 : 1))
                .toList();
        return SimulatorSettings.builder(config.symbols(), start.toEpochMilli())
                .seed(sim.seed())
                .endMs(src.end() == null ? null : src.end().toEpochMilli())
                .speed(pace(src, sim))
                .bookInterval(sim.bookInterval())
                .gapProbability(sim.gapProbability())
                .fundingIntervalHours(sim.fundingIntervalHours())
                .shocksPerDay(sim.shocksPerDay())
                .drift(sim.drift())
                .plantedShocks(planted)
                .paceFromMs(warmUp ? minute.toEpochMilli() : null)
                .build();
    }
}
