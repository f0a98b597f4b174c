package io.tracemate.storage.head;

/**
 * What the span head may hold, in bytes of estimated heap.
 *
 * @param maxBytes all tenants together (default 128 MiB: about 2 s of 50,000 spans a second at ~1 KB of heap each)
 * @param maxTenantBytes one tenant (default half the total), so that one tenant's burst cannot take every
 *     other tenant's fresh spans out of the head
 */
public record SpanHeadLimits(long maxBytes, long maxTenantBytes) {
  public static final long DEFAULT_MAX_BYTES = 128L << 20;

  public static final SpanHeadLimits DEFAULTS =
      new SpanHeadLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_BYTES / 2);

  public SpanHeadLimits {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes must not be negative, got " + maxBytes);
    }
    if (maxTenantBytes < 0 || maxTenantBytes > maxBytes) {
      throw new IllegalArgumentException(
          "maxTenantBytes must be between 0 and maxBytes ("
              + maxBytes
              + "), got "
              + maxTenantBytes);
    }
  }
}
