package io.regimeflow.job;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.dashboard.HubMessageKind;
import io.regimeflow.job.config.RegimeflowConfig;
import io.regimeflow.model.MarketJson;

/**
 * The hub message that says which source feeds the page, so that a simulated market never
 * passes for the real one: {@code {"kind":"source","data":{"type":"simulator","label":
 * "Simulated market","speed":60.0,"bounded":false}}}. {@code type} is simulator, binance or
 * kafka; {@code speed} (simulated per wall-clock time) only for a paced simulator run. Sent by
 * the dashboard sinks on every connection, as the derivatives venue's state is.
 */
final class SourceGreeting {
    private SourceGreeting() {}

    static String message(RegimeflowConfig config) {
        RegimeflowConfig.Source s = config.source();
        boolean bounded = s.end() != null;
        ObjectNode data = MarketJson.mapper().createObjectNode();
        data.put("type", s.type().name());
        data.put("label", switch (s.type()) {
            case simulator -> "Simulated market";
            case binance -> bounded ? "Binance.US history" : "Binance.US live";
            case kafka -> "Kafka replay";
        });
        if (s.type() == RegimeflowConfig.SourceType.simulator) {
            // A bounded run without a replay speed goes as fast as it can: no speed.
            Double speed = bounded ? config.simulator().replaySpeed()
                    : Double.valueOf(config.simulator().speed());
            if (speed != null) {
                data.put("speed", speed);
            }
        }
        data.put("bounded", bounded);
        return HubMessageKind.SOURCE.message(data);
    }
}
