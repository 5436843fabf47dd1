package io.regimeflow.connectors.exchange.http;

import java.time.Duration;

/**
 * A Binance answer other than a usable 200, classified by what the caller must do about it. The
 * message is one line naming the request, the status and Binance's own code and text.
 */
public class ExchangeResponseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** What the caller should do. */
    public enum Kind {
        /** HTTP 429: too many requests; wait {@link #retryAfter()} and go on. */
        RATE_LIMITED,
        /** HTTP 418: the IP is banned; send nothing to this host until {@link #retryAfter()}. */
        BANNED,
        /** HTTP 5xx, a timeout or a broken connection: back off and retry. */
        UNAVAILABLE,
        /** A body that is not the JSON Binance sends (truncated, garbled): log, count, retry. */
        MALFORMED,
        /** HTTP 4xx with a Binance error code (e.g. -1121 invalid symbol): retrying won't help. */
        REJECTED,
        /**
         * HTTP 451, or a 403 that says so: the venue refuses this IP's region. Retrying won't
         * help; another venue will.
         */
        REGION_REFUSED
    }

    private final Kind kind;
    private final int status;
    private final Integer code;
    private final Duration retryAfter;

    public ExchangeResponseException(Kind kind, String message, int status, Integer code,
            Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or 0 when no response arrived. */
    public int status() {
        return status;
    }

    /** Binance's error code ({@code -1121}), or null. */
    public Integer code() {
        return code;
    }

    /** How long the exchange asked us to wait, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean retryable() {
        return kind != Kind.REJECTED && kind != Kind.REGION_REFUSED;
    }
}
