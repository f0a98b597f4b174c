package io.tracemate.logs.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Store-wide stream IDs handed out as {@link io.tracemate.logs.StreamRef#id()}: one per (tenant, labels),
 * dense from 1, stable while the store is open, not persisted (partitions keep their own local IDs). The
 * reverse lookup is an {@link AppendOnlyList} indexed by ID, so a new stream costs one map entry and one slot,
 * never a copy of what is there. Thread-safe: new IDs are handed out under a lock (in practice by the writer
 * thread alone), lookups are lock-free.
 */
final class StreamRegistry {
  private final Map<StreamKey, Long> ids = new ConcurrentHashMap<>();
  private final AppendOnlyList<StreamKey> keys = new AppendOnlyList<>(); // keys[id - 1]
  private final Object lock = new Object();

  long idOf(StreamKey key) {
    Long id = ids.get(key);
    if (id != null) {
      return id;
    }
    synchronized (lock) {
      id = ids.get(key);
      if (id == null) {
        keys.add(key); // before the ID is handed out, so key(id) always finds it
        id = (long) keys.size();
        ids.put(key, id);
      }
      return id;
    }
  }

  /** The key of an ID, or null when this store never handed it out. */
  StreamKey key(long id) {
    return id < 1 || id > Integer.MAX_VALUE ? null : keys.getOrNull((int) (id - 1));
  }

  /** Streams registered so far. */
  int size() {
    return keys.size();
  }
}
