package io.regimeflow.model;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * An alert (spec §8). {@code eventId} is derived from the input alone, so a replay or a restart
 * produces the same id and downstream systems can deduplicate on it.
 *
 * @param symbol the symbol, or the pair {@code A~B} for correlation events
 * @param eventTime UTC epoch milliseconds of the analysis result that raised it
 * @param data the full analysis record as a JSON object; kept as text so that one Flink type
 *     carries every event type without a polymorphic field
 */
public record MarketEvent(
        String eventId,
        EventType eventType,
        String symbol,
        Severity severity,
        String title,
        String description,
        long eventTime,
        @JsonRawValue @JsonDeserialize(using = RawJsonDeserializer.class) String data) {}
