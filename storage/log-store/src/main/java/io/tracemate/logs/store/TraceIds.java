package io.tracemate.logs.store;

/**
 * The 32-bit key the trace filters store per chunk. Trace IDs are random hex, so their first 8 hex digits are
 * already uniformly distributed: with ~1,000 distinct traces per chunk a lookup opens a chunk without the trace
 * with probability ~1,000 / 2^32, i.e. about once per 4 million chunks. Non-hex IDs fall back to a hash.
 */
final class TraceIds {
  private TraceIds() {}

  static int key(String traceId) {
    if (traceId.length() >= 8) {
      int value = 0;
      boolean hex = true;
      for (int i = 0; i < 8 && hex; i++) {
        int digit = Character.digit(traceId.charAt(i), 16);
        hex = digit >= 0;
        value = (value << 4) | (digit & 0xF);
      }
      if (hex) {
        return value;
      }
    }
    int h = traceId.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
