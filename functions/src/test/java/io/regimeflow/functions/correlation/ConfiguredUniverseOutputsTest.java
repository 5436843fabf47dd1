package io.regimeflow.functions.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import io.regimeflow.functions.snapshot.FeaturePart;
import io.regimeflow.model.HourlyPairCorrelation;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/**
 * With a configured symbol list and only its symbols in the input, the correlation engine's
 * outputs (every pair record, every break event, every symbol's part) are, as JSON, exactly those
 * recorded from the code before symbols could join while running ({@code
 * configured-universe-outputs.jsonl}, written by that code on this same input). Pair records
 * are compared in (hour, pair) order: their order across shards is the timers' and never was a
 * contract; the parts are compared in the order they are emitted.
 */
class ConfiguredUniverseOutputsTest {

    static final String GOLDEN = "configured-universe-outputs.jsonl";
    static final int SHARDS = 32;
    static final int SNAPSHOT_PAIRS = 2;

    @Test
    void aConfiguredListGivesTheOutputsItGaveBefore() throws Exception {
        List<String> actual = outputs();
        // Written on every run, so that a deliberate change can be reviewed and recorded.
        Path written = Path.of("target", GOLDEN);
        Files.createDirectories(written.getParent());
        Files.write(written, actual);
        assertThat(actual).hasSizeGreaterThan(100).isEqualTo(golden());
    }

    static List<String> golden() throws IOException {
        try (InputStream in = ConfiguredUniverseOutputsTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as(GOLDEN).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The pair records, the events and the parts of {@link PairShardsHarnessTest}'s hours. */
    static List<String> outputs() throws Exception {
        List<String> universe = PairShardsHarnessTest.UNIVERSE;
        ShardReturnFanOut fanOut = new ShardReturnFanOut(new PairShards(universe, SHARDS));
        List<HourlyPairCorrelation> pairs;
        List<MarketEvent> events;
        try (var h = PairCorrelationFunctionHarnessTest.harness(PairShardsHarnessTest.SMALL,
                universe, SHARDS)) {
            h.open();
            for (int k = 1; k <= PairShardsHarnessTest.HOURS; k++) {
                long close = PairCorrelationFunctionHarnessTest.close(k);
                for (int i = 0; i < universe.size(); i++) {
                    Double r = PairShardsHarnessTest.ret(i, k);
                    if (r == null) {
                        continue;
                    }
                    List<ShardReturn> routed = new ArrayList<>();
                    fanOut.flatMap(new SymbolReturn(universe.get(i), close, r),
                            new ListCollector<>(routed));
                    for (ShardReturn sr : routed) {
                        h.processElement(new StreamRecord<>(sr, close));
                    }
                }
                h.processWatermark(new Watermark(close));
            }
            pairs = PairShardsHarnessTest.byPairThenHour(h.extractOutputValues());
            events = PairCorrelationFunctionHarnessTest.events(h);
        }
        List<String> lines = new ArrayList<>();
        pairs.forEach(p -> lines.add("pair " + MarketJson.write(p)));
        events.stream().sorted(Comparator.comparing(MarketEvent::eventId))
                .forEach(e -> lines.add("event " + MarketJson.write(e)));
        try (var g = CorrelationGatherFunctionHarnessTest.harness(SNAPSHOT_PAIRS, universe)) {
            g.open();
            for (HourlyPairCorrelation p : pairs) {
                g.processElement(new StreamRecord<>(p, p.time()));
            }
            g.processWatermark(new Watermark(Long.MAX_VALUE));
            for (FeaturePart part : g.extractOutputValues()) {
                lines.add("part " + part.symbol() + " " + MarketJson.write(part.correlations()));
            }
        }
        return lines;
    }
}
