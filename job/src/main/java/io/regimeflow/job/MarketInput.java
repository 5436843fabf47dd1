package io.regimeflow.job;

import io.regimeflow.model.MarketRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;

/**
 * Where the pipeline's market records come from, and how.
 *
 * @param watermarks the source's event time
 * @param atLeastOnce the source may deliver a record again (a Kafka topic): repeats are dropped
 *     before anything counts them
 */
public record MarketInput(Source<MarketRecord, ?, ?> source,
        WatermarkStrategy<MarketRecord> watermarks, boolean atLeastOnce) {}
