package io.regimeflow.connectors.webhook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.regimeflow.model.MarketEvent;
import io.regimeflow.model.MarketJson;
import io.regimeflow.model.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * A Discord "Execute Webhook" body: one embed coloured by severity, within Discord's documented
 * limits (title 256, description 4096, 25 fields of name 256 and value 1024, footer 2048, 6000
 * characters in all), so no event is refused for its size.
 */
final class DiscordFormat {
    static final int TITLE = 256;
    static final int DESCRIPTION = 4096;
    static final int FIELDS = 25;
    static final int FIELD_NAME = 256;
    static final int FIELD_VALUE = 1024;
    static final int TOTAL = 6000;

    private DiscordFormat() {}

    static int colour(Severity s) {
        return switch (s) {
            case INFO -> 0x3498DB;
            case WARNING -> 0xF39C12;
            case CRITICAL -> 0xE74C3C;
        };
    }

    /**
     * The URL with an explicit API version. A webhook URL as Discord hands it out has none, and
     * unversioned requests get the deprecated v6, whose 429 {@code retry_after} is in
     * milliseconds where v10's is in seconds.
     */
    static URI versioned(URI url) {
        String path = url.getRawPath();
        if (path == null || !path.startsWith("/api/webhooks/")) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority() + "/api/v10/webhooks/"
                + path.substring("/api/webhooks/".length())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    static WebhookRequest format(WebhookTarget target, MarketEvent event) {
        ObjectNode embed = MarketJson.mapper().createObjectNode();
        String title = EventFields.cut(event.title(), TITLE);
        String footer = "regimeflow \u00b7 " + event.eventId();
        int used = title.length() + footer.length();
        String description = EventFields.cut(event.description(),
                Math.min(DESCRIPTION, TOTAL - used - 500));
        used += description.length();
        embed.put("title", title);
        embed.put("description", description);
        embed.put("color", colour(event.severity()));
        embed.put("timestamp", Instant.ofEpochMilli(event.eventTime()).toString());
        ArrayNode fields = embed.putArray("fields");
        for (EventFields.Field f : EventFields.of(event)) {
            String name = EventFields.cut(f.name(), FIELD_NAME);
            String value = EventFields.cut(f.value().isEmpty() ? "-" : f.value(), FIELD_VALUE);
            if (fields.size() == FIELDS || used + name.length() + value.length() > TOTAL) {
                break;
            }
            used += name.length() + value.length();
            fields.addObject().put("name", name).put("value", value).put("inline", true);
        }
        embed.putObject("footer").put("text", footer);
        ObjectNode body = MarketJson.mapper().createObjectNode();
        body.put("username", "regimeflow");
        body.putArray("embeds").add(embed);
        // Mentions in event text must never ping anyone.
        body.putObject("allowed_mentions").putArray("parse");
        return new WebhookRequest(versioned(target.url()), Map.of(), body.toString());
    }
}
