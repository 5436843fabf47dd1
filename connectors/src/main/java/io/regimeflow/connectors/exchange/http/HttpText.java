package io.regimeflow.connectors.exchange.http;

import org.apache.flink.annotation.Internal;

/** Reading numbers out of headers and bodies, and a body cut to one line for a message. */
@Internal
public final class HttpText {
    private HttpText() {}

    /** The number, or null when {@code v} is not one. */
    public static Long parseLongOrNull(String v) {
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The number, or null when {@code v} is not one. */
    public static Integer parseIntOrNull(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The body on one line, cut at 120 characters. */
    public static String snippet(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
