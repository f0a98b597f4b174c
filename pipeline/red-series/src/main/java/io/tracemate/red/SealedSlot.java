package io.tracemate.red;

/**
 * The compact form of a slot no longer written to: one byte array holding the slot index (8 bytes), then
 * calls, errors and the duration sum as varints, then each non-empty bucket: one byte when it is close to the
 * previous one and its count is small (the common case: latencies cluster), else an escape byte,
 * varint(index − previous index) and varint(count). A quiet slot takes ~40 bytes, a busy 5 min slot a few
 * hundred, versus 3–4× that as a {@link Slot}. Static helpers over the array; the array itself is never modified.
 */
final class SealedSlot {
  /** A bucket 1..8 after the previous one with a count 1..15 fits one byte: 0ddd cccc (d = delta − 1). */
  private static final int PACKED_MAX_DELTA = 8;

  private static final int PACKED_MAX_COUNT = 15;

  /** Otherwise: this byte, then varint(delta) and varint(count). */
  private static final int ESCAPE = 0x80;

  private SealedSlot() {}

  static byte[] seal(
      long index, long calls, long errors, long sumNanos, short[] buckets, int[] counts, int size) {
    byte[] buffer = new byte[8 + 3 * 10 + size * (3 + 5)];
    for (int i = 0; i < 8; i++) {
      buffer[i] = (byte) (index >>> (56 - 8 * i));
    }
    int at = 8;
    at = putVarint(buffer, at, calls);
    at = putVarint(buffer, at, errors);
    at = putVarint(buffer, at, sumNanos);
    int previous = -1;
    for (int i = 0; i < size; i++) {
      int delta = buckets[i] - previous;
      if (delta <= PACKED_MAX_DELTA && counts[i] <= PACKED_MAX_COUNT) {
        buffer[at++] = (byte) (((delta - 1) << 4) | counts[i]);
      } else {
        buffer[at++] = (byte) ESCAPE;
        at = putVarint(buffer, at, delta);
        at = putVarint(buffer, at, counts[i]);
      }
      previous = buckets[i];
    }
    return java.util.Arrays.copyOf(buffer, at);
  }

  static long index(byte[] sealed) {
    long index = 0;
    for (int i = 0; i < 8; i++) {
      index = (index << 8) | (sealed[i] & 0xFF);
    }
    return index;
  }

  /** Receives the decoded content. */
  interface Reader {
    void totals(long calls, long errors, long sumNanos);

    void bucket(int bucket, int count);
  }

  static void read(byte[] sealed, Reader reader) {
    long[] value = new long[1];
    int at = getVarint(sealed, 8, value);
    long calls = value[0];
    at = getVarint(sealed, at, value);
    long errors = value[0];
    at = getVarint(sealed, at, value);
    reader.totals(calls, errors, value[0]);
    int bucket = -1;
    while (at < sealed.length) {
      int packed = sealed[at++] & 0xFF;
      if (packed != ESCAPE) {
        bucket += (packed >>> 4) + 1;
        reader.bucket(bucket, packed & 0x0F);
        continue;
      }
      at = getVarint(sealed, at, value);
      bucket += (int) value[0];
      at = getVarint(sealed, at, value);
      reader.bucket(bucket, (int) value[0]);
    }
  }

  static void addTo(byte[] sealed, Accumulator accumulator) {
    read(
        sealed,
        new Reader() {
          @Override
          public void totals(long calls, long errors, long sumNanos) {
            accumulator.calls += calls;
            accumulator.errors += errors;
            accumulator.sumNanos += sumNanos;
          }

          @Override
          public void bucket(int bucket, int count) {
            accumulator.buckets[bucket] += count;
          }
        });
  }

  /** Hands the sealed slot to {@code visitor}: its totals, then its non-empty buckets in order. */
  static void visit(byte[] sealed, long startMillis, long widthMillis, SlotVisitor visitor) {
    read(
        sealed,
        new Reader() {
          @Override
          public void totals(long calls, long errors, long sumNanos) {
            visitor.slot(startMillis, widthMillis, calls, errors, sumNanos);
          }

          @Override
          public void bucket(int bucket, int count) {
            visitor.bucket(bucket, count);
          }
        });
  }

  static long estimatedBytes(byte[] sealed) {
    return 16 + ((sealed.length + 7) & ~7L);
  }

  private static int putVarint(byte[] buffer, int at, long value) {
    while ((value & ~0x7FL) != 0) {
      buffer[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[at++] = (byte) value;
    return at;
  }

  private static int getVarint(byte[] buffer, int at, long[] out) {
    long value = 0;
    int shift = 0;
    byte b;
    do {
      b = buffer[at++];
      value |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    out[0] = value;
    return at;
  }
}
