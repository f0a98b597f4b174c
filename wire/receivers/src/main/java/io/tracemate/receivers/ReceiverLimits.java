package io.tracemate.receivers;

import java.time.Duration;

/**
 * Limits every receiver enforces on one request.
 *
 * @param maxRequestBytes the largest request body accepted, counted after decompression (and also before it:
 *     a compressed body larger than this is refused without being inflated). OTLP recommends 64 MiB. Bodies
 *     over it get HTTP 413 or gRPC RESOURCE_EXHAUSTED.
 * @param maxSpanAge spans starting longer ago than this are refused ({@link SpanTimeCheck}); it must not exceed
 *     the store's retention, or spans would be acknowledged and then deleted at once
 * @param spanCreationGracePeriod spans starting later than this after now are refused (a broken clock), as
 *     Loki's {@code creation_grace_period} does for log lines
 * @param maxRequestObjects the most objects (protobuf messages and strings, JSON values) one request may decode
 *     into, counted before it is decoded ({@link io.tracemate.receivers.exchange.DecodedObjects}); beyond it HTTP
 *     413 or gRPC RESOURCE_EXHAUSTED
 */
public record ReceiverLimits(
    int maxRequestBytes,
    Duration maxSpanAge,
    Duration spanCreationGracePeriod,
    long maxRequestObjects) {

  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;

  /**
   * Ten times a large legitimate batch: 5,000 OTel SDK spans with 20 attributes are about 250,000 objects, a Loki
   * push of 20,000 lines about 80,000. Decoded, 2 million objects are at most about 280 MB of heap.
   */
  public static final long DEFAULT_MAX_REQUEST_OBJECTS = 2_000_000;

  /** The store's default retention. */
  public static final Duration DEFAULT_MAX_SPAN_AGE = Duration.ofDays(7);

  /** Loki's default {@code creation_grace_period}. */
  public static final Duration DEFAULT_SPAN_CREATION_GRACE_PERIOD = Duration.ofMinutes(10);

  public static final ReceiverLimits DEFAULT = new ReceiverLimits(DEFAULT_MAX_REQUEST_BYTES);

  /** Leaves room for array headers and a gRPC frame header, so sizes + 1 never overflow an int. */
  private static final int MAX_SUPPORTED = Integer.MAX_VALUE - 64;

  /** With the default span time limits. */
  public ReceiverLimits(int maxRequestBytes) {
    this(maxRequestBytes, DEFAULT_MAX_SPAN_AGE, DEFAULT_SPAN_CREATION_GRACE_PERIOD);
  }

  /** With the default object limit. */
  public ReceiverLimits(
      int maxRequestBytes, Duration maxSpanAge, Duration spanCreationGracePeriod) {
    this(maxRequestBytes, maxSpanAge, spanCreationGracePeriod, DEFAULT_MAX_REQUEST_OBJECTS);
  }

  public ReceiverLimits {
    if (maxRequestBytes < 1 || maxRequestBytes > MAX_SUPPORTED) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be between 1 and " + MAX_SUPPORTED + ", got " + maxRequestBytes);
    }
    if (maxSpanAge == null || maxSpanAge.isNegative() || maxSpanAge.isZero()) {
      throw new IllegalArgumentException("maxSpanAge must be positive, got " + maxSpanAge);
    }
    if (spanCreationGracePeriod == null || spanCreationGracePeriod.isNegative()) {
      throw new IllegalArgumentException(
          "spanCreationGracePeriod must not be negative, got " + spanCreationGracePeriod);
    }
    if (maxRequestObjects < 1) {
      throw new IllegalArgumentException(
          "maxRequestObjects must be positive, got " + maxRequestObjects);
    }
  }
}
