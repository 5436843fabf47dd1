package io.regimeflow.connectors.webhook;

import java.net.URI;
import java.util.Map;

/** One POST to a receiver: JSON body and the headers it needs besides Content-Type. */
public record WebhookRequest(URI url, Map<String, String> headers, String body) {

    public WebhookRequest {
        headers = Map.copyOf(headers);
    }
}
