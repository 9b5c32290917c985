package dev.paddock.core.image.index;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.paddock.core.store.ChunkId;

/** The chunks a set of indexes refers to, each once, with the size the index records. */
public final class ChunkRefs {
    private ChunkRefs() {}

    public static Map<ChunkId, Integer> of(Collection<Index> indexes) {
        Map<ChunkId, Integer> ids = new LinkedHashMap<>();
        for (Index index : indexes) {
            for (IndexEntry e : index.entries()) {
                ids.putIfAbsent(e.id(), e.size());
            }
        }
        return ids;
    }
}
