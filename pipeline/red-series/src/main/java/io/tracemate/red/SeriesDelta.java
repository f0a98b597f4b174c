package io.tracemate.red;

import java.util.List;

/** One series' slot deltas since the last export, oldest slot first ({@link RedSeriesStore#exportDeltas}). */
public record SeriesDelta(SeriesKey key, List<SlotDelta> slots) {
  public SeriesDelta {
    if (key == null || slots == null) {
      throw new IllegalArgumentException("a series delta needs a key and slots");
    }
    slots = List.copyOf(slots);
  }
}
