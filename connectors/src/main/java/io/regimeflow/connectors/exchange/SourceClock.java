package io.regimeflow.connectors.exchange;

import java.io.Serializable;
import java.util.function.LongSupplier;

/**
 * The wall clock of the exchange source's readers, epoch ms: what decides that a minute has
 * closed, when a late minute is asked for by REST, and how the request weight is spread over a
 * minute. Serializable because the source travels in the job graph. The job always runs on
 * {@link #SYSTEM}; a test gives a simulated clock so that live minutes pass in a fraction of a
 * second instead of a real minute each.
 */
@FunctionalInterface
public interface SourceClock extends LongSupplier, Serializable {

    /** The system clock. */
    SourceClock SYSTEM = System::currentTimeMillis;
}
