package io.tracemate.red;

/**
 * Fixed-width slots in a circular array: slot {@code i} covers [i·width, (i+1)·width) ms since the epoch and
 * lives at position i mod capacity until a newer slot takes that position. Cells are allocated on first use
 * (a quiet series costs one reference per position); the newest {@value #OPEN_SLOTS} slots stay mutable
 * {@link Slot}s, older ones are sealed into compact byte arrays ({@link SealedSlot}) and reopened only when a
 * late observation arrives for them. Not thread-safe: guarded by its {@link Series}.
 */
final class Ring {
  /** Slots behind the newest kept open: spans of a batch arrive some seconds after they ended. */
  static final int OPEN_SLOTS = 2;

  final long widthMillis;

  /** Each cell: null, an open {@link Slot}, or a sealed byte[]. */
  private final Object[] cells;

  private int[] openPositions = new int[OPEN_SLOTS + 2];
  private int openCount;
  private long newestIndex = Long.MIN_VALUE;

  Ring(long widthMillis, int capacity) {
    this.widthMillis = widthMillis;
    this.cells = new Object[capacity];
  }

  /** Records into slot {@code index}; the caller has checked the index is within the ring's horizon. */
  void record(long index, long durationNanos, boolean error) {
    Slot slot = writable(index);
    if (slot != null) {
      slot.record(durationNanos, error);
      written(index);
    }
  }

  /**
   * Adds a whole slot's content (another process's delta for the same time) to slot {@code index}; the caller has
   * checked the index is within the ring's horizon and the content is well-formed ({@link Slot#add}).
   */
  void add(long index, long calls, long errors, long sumNanos, int[] buckets, int[] counts) {
    Slot slot = writable(index);
    if (slot != null) {
      slot.add(calls, errors, sumNanos, buckets, counts);
      written(index);
    }
  }

  /** The open slot for {@code index}, reopened or made; null when a newer slot holds its position. */
  private Slot writable(long index) {
    int position = position(index);
    Object cell = cells[position];
    if (cell instanceof Slot open) {
      if (open.index > index) {
        return null; // unreachable when the horizon check holds: never overwrite a newer slot
      }
      if (open.index < index) {
        open.reset(index);
      }
      return open;
    }
    long sealedIndex = cell == null ? Long.MIN_VALUE : SealedSlot.index((byte[]) cell);
    if (sealedIndex > index) {
      return null;
    }
    Slot slot = sealedIndex == index ? Slot.unseal((byte[]) cell) : new Slot(index);
    cells[position] = slot;
    addOpen(position);
    return slot;
  }

  private void written(long index) {
    if (index > newestIndex) {
      newestIndex = index;
      sealOld();
    }
  }

  private void addOpen(int position) {
    if (openCount == openPositions.length) {
      openPositions = java.util.Arrays.copyOf(openPositions, openCount * 2);
    }
    openPositions[openCount++] = position;
  }

  private void sealOld() {
    for (int i = openCount - 1; i >= 0; i--) {
      Slot slot = (Slot) cells[openPositions[i]];
      if (slot.index <= newestIndex - OPEN_SLOTS) {
        cells[openPositions[i]] = slot.seal();
        openPositions[i] = openPositions[--openCount];
      }
    }
  }

  /** Adds slot {@code index} to the accumulator; false when it has no data (never written, or overwritten). */
  boolean addTo(long index, Accumulator accumulator) {
    Object cell = cells[position(index)];
    if (cell instanceof Slot slot) {
      if (slot.index != index) {
        return false;
      }
      slot.addTo(accumulator);
      return true;
    }
    if (cell instanceof byte[] sealed && SealedSlot.index(sealed) == index) {
      SealedSlot.addTo(sealed, accumulator);
      return true;
    }
    return false;
  }

  /** Hands slot {@code index} to {@code visitor}; false when it has no data. */
  boolean visit(long index, SlotVisitor visitor) {
    Object cell = cells[position(index)];
    if (cell instanceof Slot slot) {
      if (slot.index != index) {
        return false;
      }
      slot.visit(index * widthMillis, widthMillis, visitor);
      return true;
    }
    if (cell instanceof byte[] sealed && SealedSlot.index(sealed) == index) {
      SealedSlot.visit(sealed, index * widthMillis, widthMillis, visitor);
      return true;
    }
    return false;
  }

  /** Whether slot {@code index} holds data. */
  boolean has(long index) {
    Object cell = cells[position(index)];
    if (cell instanceof Slot slot) {
      return slot.index == index;
    }
    return cell instanceof byte[] sealed && SealedSlot.index(sealed) == index;
  }

  private int position(long index) {
    return (int) Math.floorMod(index, (long) cells.length);
  }

  long estimatedBytes() {
    long bytes = 16 + 4L * cells.length + 16 + 4L * openPositions.length + 24;
    for (Object cell : cells) {
      if (cell instanceof Slot slot) {
        bytes += slot.estimatedBytes();
      } else if (cell instanceof byte[] sealed) {
        bytes += SealedSlot.estimatedBytes(sealed);
      }
    }
    return bytes;
  }
}
