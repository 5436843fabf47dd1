package io.regimeflow.functions.events;

import io.regimeflow.model.EventType;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.Severity;

/**
 * Builds events (spec §8). The id is the event type, the subject (symbol or pair) and the event
 * time of the analysis result that raised it: all three come from the input, so a replay or a
 * restore from a checkpoint produces the same id and receivers can deduplicate on it.
 */
public final class MarketEvents {
    private MarketEvents() {}

    public static String id(EventType type, String subject, long eventTime) {
        return type.name() + ":" + subject + ":" + eventTime;
    }

    /** An event whose {@code data} is the JSON form of {@code record}. */
    public static MarketEvent of(EventType type, String subject, long eventTime,
            Severity severity, String title, String description, Object record) {
        return new MarketEvent(id(type, subject, eventTime), type, subject, severity, title,
                description, eventTime, MarketJson.write(record));
    }
}
