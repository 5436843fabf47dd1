package io.regimeflow.connectors.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming-webhook body in Block Kit: header, description, up to 10 fields, and a
 * context line with the event id; {@code text} is the notification fallback. Within Block Kit's
 * limits (header 150, section text 3000, field 2000), with {@code & < >} escaped as Slack's
 * mrkdwn requires.
 */
final class SlackFormat {
    static final int HEADER = 150;
    static final int SECTION = 3000;
    static final int FIELDS = 10;
    static final int FIELD = 2000;

    private SlackFormat() {}

    static WebhookRequest format(WebhookTarget target, MarketEvent event) {
        ObjectNode body = MarketJson.mapper().createObjectNode();
        body.put("text", EventFields.cut(EventFields.escape(event.severity() + ": " + event.title(
                )),
                SECTION));
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text")
                .put("text", EventFields.cut(event.severity() + " \u00b7 " + event.title(),
                        HEADER));
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", EventFields.cut(EventFields.escape(event.description()), SECTION));
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        List<EventFields.Field> all = EventFields.of(event);
        for (EventFields.Field f : all.subList(0, Math.min(FIELDS, all.size()))) {
            fields.addObject().put("type", "mrkdwn").put("text", EventFields.cut(
                    "*" + EventFields.escape(f.name()) + "*\n" + EventFields.escape(f.value()),
                            FIELD));
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", EventFields.escape("regimeflow \u00b7 "
                        + Instant.ofEpochMilli(event.eventTime()) + " \u00b7 "
                        + event.eventId()));
        return new WebhookRequest(target.url(), Map.of(), body.toString());
    }
}
