package io.regimeflow.connectors.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The name/value pairs a chat message shows: the event's facts, then its analysis's numbers. */
final class EventFields {
    private EventFields() {}

    record Field(String name, String value) {}

    /**
     * Symbol, type, severity, then the scalar top-level fields of the event's data, their values
     * written for people ({@link FieldValues}).
     */
    static List<Field> of(MarketEvent event) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Symbol", event.symbol()));
        fields.add(new Field("Type", event.eventType().name()));
        fields.add(new Field("Severity", event.severity().name()));
        JsonNode data;
        try {
            data = MarketJson.mapper().readTree(event.data());
        } catch (JsonProcessingException e) {
            return fields; // the data is ours and valid JSON; if not, the facts above suffice
        }
        if (data != null && data.isObject()) {
            for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>)
                    data::fields) {
                JsonNode v = f.getValue();
                if (v.isValueNode() && !v.isNull() && !f.getKey().equals("symbol")) {
                    fields.add(new Field(f.getKey(), FieldValues.of(f.getKey(), v)));
                }
            }
        }
        return fields;
    }

    /** {@code & < >} as entities: what Telegram's HTML mode and Slack's mrkdwn both require. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** {@code text} cut to {@code max} characters, with an ellipsis when cut. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        return text.substring(0, end) + "\u2026";
    }
}
