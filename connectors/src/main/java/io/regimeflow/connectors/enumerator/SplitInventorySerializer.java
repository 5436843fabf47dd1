package io.regimeflow.connectors.enumerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Versioned binary form of a {@link SplitInventory}; each split is written with its own versioned
 * serializer, so a split format can evolve without a new inventory version.
 *
 * <p>Version 1 (pending splits, known keys) is what a source with a fixed list of symbols writes,
 * byte for byte as before there were universes. Version 2 appends the {@link SymbolRoster} of a
 * universe and is written only by a serializer made {@link #withRoster}. Both read both: a
 * version 1 state gets an empty roster, and a fixed list restored from a universe's state keeps
 * its splits and drops the roster (the list says what is wanted).
 */
public final class SplitInventorySerializer<S>
        implements SimpleVersionedSerializer<SplitInventory<S>> {

    static final int VERSION_WITH_ROSTER = 2;
    /** Before the roster of a universe; still what a fixed list writes. */
    static final int VERSION_WITHOUT_ROSTER = 1;

    private final SimpleVersionedSerializer<S> splits;
    private final int version;

    /** The serializer of a fixed list of symbols: writes version 1. */
    public SplitInventorySerializer(SimpleVersionedSerializer<S> splits) {
        this(splits, VERSION_WITHOUT_ROSTER);
    }

    private SplitInventorySerializer(SimpleVersionedSerializer<S> splits, int version) {
        this.splits = splits;
        this.version = version;
    }

    /** The serializer of a universe of symbols: writes version 2, with the roster. */
    public static <S> SplitInventorySerializer<S> withRoster(SimpleVersionedSerializer<S> splits) {
        return new SplitInventorySerializer<>(splits, VERSION_WITH_ROSTER);
    }

    @Override
    public int getVersion() {
        return version;
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
        SymbolRoster roster = state.roster();
        if (version == VERSION_WITHOUT_ROSTER) {
            if (!roster.equals(SymbolRoster.EMPTY)) {
                // Never lose what a universe remembers by writing it in a form without it.
                throw new IOException("a roster of " + roster.indices().size() + " symbols "
                        + "cannot be written in version 1; use SplitInventorySerializer"
                        + ".withRoster");
            }
            return out.getCopyOfBuffer();
        }
        out.writeInt(roster.indices().size());
        for (Map.Entry<String, Integer> e : roster.indices().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
        out.writeInt(roster.retired().size());
        for (Map.Entry<String, String> e : roster.retired().entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public SplitInventory<S> deserialize(int stored, byte[] serialized) throws IOException {
        if (stored != VERSION_WITH_ROSTER && stored != VERSION_WITHOUT_ROSTER) {
            throw new IOException("unknown split inventory version " + stored);
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
        if (stored == VERSION_WITHOUT_ROSTER) {
            return new SplitInventory<>(pending, known);
        }
        Map<String, Integer> indices = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            indices.put(in.readUTF(), in.readInt());
        }
        Map<String, String> retired = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            retired.put(in.readUTF(), in.readUTF());
        }
        return new SplitInventory<>(pending, known, new SymbolRoster(indices, retired));
    }
}
