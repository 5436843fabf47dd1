package io.regimeflow.connectors.exchange.http;

import java.io.IOException;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * A bounded run's exchange host has given no answer at all for longer than
 * {@code binance.give-up-after}: the run fails with this, and Flink does not restart it (a
 * restart would only wait that long again while the run reports nothing).
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class ExchangeUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    public ExchangeUnreachableException(String message) {
        super(message);
    }
}
