package io.tracemate.red;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an exporting {@link RedSeriesStore} observed since its last export: per series, one {@link Slot} per recent
 * slot (or per roll-up slot, for observations already older than the recent retention) that got observations.
 * Bounded like the store: at most {@code maxSeries} series plus {@link SeriesKey#OVERFLOW} between two exports, and
 * at most one slot per retained slot time for each; {@link #pendingSlots()} tells the exporter when to export early.
 * Thread-safe: one lock, uncontended in an ingester (one thread records and exports).
 */
final class RedDeltas {
  private final long resolutionMillis;
  private final long rollupMillis;
  private final int maxSeries;
  private Map<SeriesKey, SeriesDeltas> series = new HashMap<>();
  private int slots;
  private long overflowed;

  private static final class SeriesDeltas {
    final TreeMap<Long, Slot> recent = new TreeMap<>();
    final TreeMap<Long, Slot> rollup = new TreeMap<>();
  }

  RedDeltas(RedSeriesConfig config) {
    this.resolutionMillis = config.resolution().toMillis();
    this.rollupMillis = config.rollupResolution().toMillis();
    this.maxSeries = config.maxSeries();
  }

  /** One observation the horizon accepted. */
  synchronized void record(
      SeriesKey key, Horizon horizon, long epochMillis, long durationNanos, boolean error) {
    SeriesDeltas deltas = series.get(key);
    if (deltas == null) {
      if (series.size() >= maxSeries && !key.isOverflow()) {
        overflowed++;
        key = SeriesKey.OVERFLOW;
      }
      deltas = series.computeIfAbsent(key, k -> new SeriesDeltas());
    }
    boolean recent = horizon.isRecent(epochMillis);
    long width = recent ? resolutionMillis : rollupMillis;
    long index = Math.floorDiv(epochMillis, width);
    TreeMap<Long, Slot> ring = recent ? deltas.recent : deltas.rollup;
    Slot slot = ring.get(index);
    if (slot == null) {
      slot = new Slot(index);
      ring.put(index, slot);
      slots++;
    }
    slot.record(durationNanos, error);
  }

  /** Slots waiting for the next export, over all series. */
  synchronized int pendingSlots() {
    return slots;
  }

  /** Observations of new keys counted under the overflow series because maxSeries keys waited already. */
  synchronized long overflowed() {
    return overflowed;
  }

  /** Everything recorded since the last export, which it forgets. */
  List<SeriesDelta> export() {
    Map<SeriesKey, SeriesDeltas> taken;
    synchronized (this) {
      taken = series;
      series = new HashMap<>();
      slots = 0;
    }
    List<SeriesDelta> out = new ArrayList<>(taken.size());
    taken.forEach(
        (key, deltas) -> {
          List<SlotDelta> slotDeltas = new ArrayList<>(deltas.rollup.size() + deltas.recent.size());
          deltas.rollup.forEach(
              (index, slot) -> slotDeltas.add(slot.toDelta(index * rollupMillis, rollupMillis)));
          deltas.recent.forEach(
              (index, slot) ->
                  slotDeltas.add(slot.toDelta(index * resolutionMillis, resolutionMillis)));
          out.add(new SeriesDelta(key, slotDeltas));
        });
    return out;
  }
}
