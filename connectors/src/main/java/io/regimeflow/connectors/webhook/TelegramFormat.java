package io.regimeflow.connectors.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import java.time.Instant;
import java.util.Map;

/**
 * A Telegram Bot API {@code sendMessage} body in HTML parse mode: the text escaped ({@code & < >}
 * as entities, the only three Telegram requires) and cut to the 4096-character message limit.
 */
final class TelegramFormat {
    static final int TEXT = 4096;
    static final int TITLE = 256;
    static final int DESCRIPTION = 3000;

    private TelegramFormat() {}

    static WebhookRequest format(WebhookTarget target, MarketEvent event) {
        StringBuilder text = new StringBuilder();
        // Cut before escaping: a cut afterwards could split an entity or a tag. The limit
        // counts the text after entity parsing, so title and description stay well within it.
        text.append("<b>").append(EventFields.escape(event.severity() + " \u00b7 "
                        + EventFields.cut(event.title(), TITLE)))
                .append("</b>\n").append(EventFields.escape(EventFields.cut(event.description(),
                        DESCRIPTION))).append("\n");
        String tail = "\n<i>" + EventFields.escape(Instant.ofEpochMilli(event.eventTime())
                + " \u00b7 "
                + event.eventId()) + "</i>";
        for (EventFields.Field f : EventFields.of(event)) {
            String line = "\n<b>" + EventFields.escape(f.name()) + "</b>: " + EventFields.escape(
                    f.value());
            // Whole lines only: a cut inside an entity or a tag would be refused.
            if (text.length() + line.length() + tail.length() > TEXT) {
                break;
            }
            text.append(line);
        }
        String message = text + tail;
        ObjectNode body = MarketJson.mapper().createObjectNode();
        body.put("chat_id", target.chatId());
        body.put("text", message);
        body.put("parse_mode", "HTML");
        return new WebhookRequest(target.url(), Map.of(), body.toString());
    }
}
