package io.regimeflow.connectors.kafka;

import io.regimeflow.model.MalformedRecordException;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.MarketRecord;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one raw market record per Kafka message, in its JSON form (docs/json-formats.md). A
 * message that is not a valid record is not passed on: it is counted in
 * {@code malformedMessages} and logged with the reason and the start of the message. Skipping,
 * rather than failing, keeps one bad message from stopping the job in a restart loop; the count
 * makes it visible.
 */
public final class MarketRecordDeserializer implements DeserializationSchema<MarketRecord> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MarketRecordDeserializer.class);

    private transient Counter malformed;

    @Override
    public void open(InitializationContext context) {
        malformed = context.getMetricGroup().counter("malformedMessages");
    }

    @Override
    public MarketRecord deserialize(byte[] message) {
        throw new UnsupportedOperationException("use deserialize(byte[], Collector)");
    }

    @Override
    public void deserialize(byte[] message, Collector<MarketRecord> out) {
        if (message == null) {
            skip("an empty message (a tombstone)", "");
            return;
        }
        String json = new String(message, StandardCharsets.UTF_8);
        try {
            out.collect(MarketJson.readMarketRecord(json));
        } catch (MalformedRecordException e) {
            skip(e.getMessage(), json);
        }
    }

    private void skip(String why, String json) {
        if (malformed != null) {
            malformed.inc();
        }
        LOG.error("Kafka message skipped: {}: {}", why,
                json.length() > 200 ? json.substring(0, 200) + "..." : json);
    }

    @Override
    public boolean isEndOfStream(MarketRecord next) {
        return false;
    }

    @Override
    public TypeInformation<MarketRecord> getProducedType() {
        return TypeInformation.of(MarketRecord.class);
    }
}
