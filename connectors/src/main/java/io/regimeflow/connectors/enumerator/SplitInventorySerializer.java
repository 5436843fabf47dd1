package io.regimeflow.connectors.enumerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Versioned binary form of a {@link SplitInventory}; each split is written with its own versioned
 * serializer, so a split format can evolve without a new inventory version.
 */
public final class SplitInventorySerializer<S>
        implements SimpleVersionedSerializer<SplitInventory<S>> {

    static final int VERSION = 1;

    private final SimpleVersionedSerializer<S> splits;

    public SplitInventorySerializer(SimpleVersionedSerializer<S> splits) {
        this.splits = splits;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SplitInventory<S> state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(splits.getVersion());
        out.writeInt(state.pending().size());
        for (S split : state.pending()) {
            byte[] bytes = splits.serialize(split);
            out.writeInt(bytes.length);
            out.write(bytes);
        }
        out.writeInt(state.known().size());
        for (String key : new TreeSet<>(state.known())) {
            out.writeUTF(key);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public SplitInventory<S> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown split inventory version " + version);
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitVersion = in.readInt();
        int n = in.readInt();
        List<S> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            pending.add(splits.deserialize(splitVersion, bytes));
        }
        int k = in.readInt();
        Set<String> known = new TreeSet<>();
        for (int i = 0; i < k; i++) {
            known.add(in.readUTF());
        }
        return new SplitInventory<>(pending, known);
    }
}
