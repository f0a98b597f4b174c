package io.tracemate.logs.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Store-wide stream IDs handed out as {@link io.tracemate.logs.StreamRef#id()}: one per (tenant, labels),
 * stable while the store is open, not persisted (partitions keep their own local IDs). Thread-safe.
 */
final class StreamRegistry {
  private final Map<StreamKey, Long> ids = new ConcurrentHashMap<>();
  private final Map<Long, StreamKey> keys = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong(1);

  long idOf(StreamKey key) {
    return ids.computeIfAbsent(key, k -> {
      long id = next.getAndIncrement();
      keys.put(id, k);
      return id;
    });
  }

  /** The key of an ID, or null when this store never handed it out. */
  StreamKey key(long id) {
    return keys.get(id);
  }
}
