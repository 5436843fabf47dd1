package io.regimeflow.connectors.kafka;

import io.regimeflow.model.MarketRecord;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaPartitioner;

/**
 * Puts each configured symbol in its own partition (the symbol's index in the list, modulo the
 * partition count), so that with at least as many partitions as symbols a partition's event time
 * is one symbol's: a backfill that publishes one symbol far ahead of another then makes nothing
 * late. A symbol outside the list goes by the hash of its name.
 */
final class SymbolPartitioner implements KafkaPartitioner<MarketRecord> {
    private static final long serialVersionUID = 1L;

    private final List<String> symbols;

    SymbolPartitioner(List<String> symbols) {
        this.symbols = List.copyOf(symbols);
    }

    @Override
    public int partition(MarketRecord record, byte[] key, byte[] value, String topic,
            int[] partitions) {
        String symbol = record.data().symbol();
        int index = symbols.indexOf(symbol);
        int slot = index >= 0 ? index : symbol.hashCode() & Integer.MAX_VALUE;
        return partitions[slot % partitions.length];
    }
}
