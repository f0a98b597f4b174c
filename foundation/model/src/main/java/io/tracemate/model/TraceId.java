package io.tracemate.model;

/**
 * A 128-bit trace ID as two longs, so it hashes and compares without allocation.
 * A 64-bit (Zipkin/B3 or old Jaeger) ID is a trace ID whose {@code high} half is zero.
 */
public record TraceId(long high, long low) implements Comparable<TraceId> {

  public boolean isValid() {
    return high != 0 || low != 0;
  }

  /** 32 lowercase hex characters. */
  public String toHex() {
    return Hex.toHex(high) + Hex.toHex(low);
  }

  /** Jaeger's rule: 16 hex characters when the high half is zero, otherwise 32. */
  public String toJaegerHex() {
    return high == 0 ? Hex.toHex(low) : toHex();
  }

  public byte[] toBytes() {
    byte[] out = new byte[16];
    Hex.putLong(out, 0, high);
    Hex.putLong(out, 8, low);
    return out;
  }

  /**
   * Parses 1 to 32 hex characters, either case; shorter input is left-padded with zeros (Jaeger tolerates
   * missing leading zeros).
   *
   * @throws IllegalArgumentException naming the problem when the text is empty, too long or not hex
   */
  public static TraceId fromHex(CharSequence hex) {
    int length = hex.length();
    if (length == 0 || length > 32) {
      throw new IllegalArgumentException(
          "trace ID must have 1 to 32 hex characters, got " + length);
    }
    int lowStart = Math.max(0, length - 16);
    long low = Hex.parseLong(hex, lowStart, length);
    long high = lowStart == 0 ? 0 : Hex.parseLong(hex, 0, lowStart);
    return new TraceId(high, low);
  }

  /**
   * Reads 16 bytes (OTLP) or 8 bytes (Zipkin proto3 64-bit IDs).
   *
   * @throws IllegalArgumentException when the length is neither
   */
  public static TraceId fromBytes(byte[] bytes) {
    if (bytes.length == 16) {
      return new TraceId(Hex.getLong(bytes, 0), Hex.getLong(bytes, 8));
    }
    if (bytes.length == 8) {
      return new TraceId(0, Hex.getLong(bytes, 0));
    }
    throw new IllegalArgumentException("trace ID must be 16 bytes, got " + bytes.length);
  }

  @Override
  public int compareTo(TraceId other) {
    int c = Long.compareUnsigned(high, other.high);
    return c != 0 ? c : Long.compareUnsigned(low, other.low);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
