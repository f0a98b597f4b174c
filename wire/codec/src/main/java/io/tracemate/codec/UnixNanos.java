package io.tracemate.codec;

import java.time.Instant;

/**
 * Unix epoch nanoseconds as the wire formats carry them and as Tracemate can keep them.
 *
 * <p>OTLP's {@code time_unix_nano} fields are {@code fixed64}: unsigned, up to about the year 2554. Java reads
 * them into a {@code long}, where every time after {@link #LATEST} (2262-04-11T23:47:16.854775807Z) turns
 * negative and would read as a date before 1970 (the year 2500 as 1915). Tracemate keeps times as signed
 * nanoseconds, so such times cannot be stored; code that meets one says so with {@link #describe}, which
 * reads the bits as unsigned, instead of letting it wrap around. Stateless.
 */
public final class UnixNanos {
  /** The latest time a signed 64-bit count of nanoseconds can hold. */
  public static final long LATEST = Long.MAX_VALUE;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private UnixNanos() {}

  /** Whether these bits, read as unsigned nanoseconds, lie beyond {@link #LATEST}. */
  public static boolean isBeyondLatest(long unsignedNanos) {
    return unsignedNanos < 0;
  }

  /** ISO-8601 (UTC) of these bits read as unsigned nanoseconds: the time the sender meant. */
  public static String describe(long unsignedNanos) {
    return Instant.ofEpochSecond(
            Long.divideUnsigned(unsignedNanos, NANOS_PER_SECOND),
            Long.remainderUnsigned(unsignedNanos, NANOS_PER_SECOND))
        .toString();
  }

  /** ISO-8601 (UTC) of signed nanoseconds (negative ones are before 1970). */
  public static String describeSigned(long nanos) {
    return Instant.ofEpochSecond(
            Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND))
        .toString();
  }

  /**
   * Microseconds (Zipkin's unit) as unsigned nanoseconds, the way an OTLP {@code fixed64} would carry the same
   * time; times past the largest unsigned value saturate at it ({@code -1L}, in 2554).
   */
  public static long fromMicros(long micros) {
    if (Long.compareUnsigned(micros, Long.divideUnsigned(-1L, 1000)) > 0) {
      return -1L;
    }
    return micros * 1000;
  }

  /** {@code a + b} on unsigned nanoseconds, saturating at the largest unsigned value. */
  public static long addSaturated(long a, long b) {
    long sum = a + b;
    return Long.compareUnsigned(sum, a) < 0 ? -1L : sum;
  }
}
