package io.regimeflow.connectors.exchange.websocket;

import java.net.http.WebSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * Sends one text message at a time and waits for it to go out: a websocket takes one text at a
 * time (a second while one is pending fails), and subscriptions and keep-alives come from
 * different threads.
 */
final class TextSender {
    private final String name;
    private final Logger log;

    /** @param name the connection in log lines; {@code log} the owner's logger */
    TextSender(String name, Logger log) {
        this.name = name;
        this.log = log;
    }

    /** Whether {@code text} went out within 10 s; a failure is logged, never thrown. */
    synchronized boolean send(WebSocket ws, String text) {
        try {
            ws.sendText(text, true).get(10, TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("{}: could not send '{}' ({})", name, text, e.toString());
        }
        return false;
    }
}
