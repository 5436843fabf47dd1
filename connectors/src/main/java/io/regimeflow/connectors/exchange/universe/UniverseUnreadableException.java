package io.regimeflow.connectors.exchange.universe;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * The universe could not be read at start and no symbol is known yet (none given at start,
 * none restored): the run has nothing to read, so it fails, and Flink does not restart it (a
 * restart would ask the same host the same question).
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public final class UniverseUnreadableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UniverseUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
