package io.regimeflow.job;

import io.regimeflow.connectors.simulator.MarketSimulatorSource;
import io.regimeflow.connectors.simulator.PlantedShock;
import io.regimeflow.connectors.simulator.SimulatorSettings;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.MarketRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.flink.api.connector.source.Source;

/** Creates the configured market-data source. */
final class MarketSources {
    private MarketSources() {}

    static Source<MarketRecord, ?, ?> create(RegimeflowConfig config, Instant now) {
        return switch (config.source().type()) {
            case simulator -> new MarketSimulatorSource(simulatorSettings(config, now));
        };
    }

    static SimulatorSettings simulatorSettings(RegimeflowConfig config, Instant now) {
        RegimeflowConfig.Source src = config.source();
        RegimeflowConfig.Simulator sim = config.simulator();
        Instant start = src.start() != null ? src.start() : now.truncatedTo(ChronoUnit.MINUTES);
        List<PlantedShock> planted = sim.plantedShocks().stream()
                .map(p -> new PlantedShock(p.symbol(), p.start().toEpochMilli(),
                        (int) p.duration().toHours(), p.intensity(),
                        p.direction() == RegimeflowConfig.Direction.down ? -1 : 1))
                .toList();
        return new SimulatorSettings(sim.seed(), config.symbols(), start.toEpochMilli(),
                src.end() == null ? null : src.end().toEpochMilli(), sim.speed(),
                (int) sim.bookInterval().toMinutes(), sim.gapProbability(),
                sim.fundingIntervalHours(), sim.shocksPerDay(), sim.drift(), planted);
    }
}
