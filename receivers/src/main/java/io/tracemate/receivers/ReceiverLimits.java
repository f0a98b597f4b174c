package io.tracemate.receivers;

/**
 * Limits every receiver enforces on one request.
 *
 * @param maxRequestBytes the largest request body accepted, counted after decompression (and also before it:
 *     a compressed body larger than this is refused without being inflated). OTLP recommends 64 MiB. Bodies
 *     over it get HTTP 413 or gRPC RESOURCE_EXHAUSTED.
 */
public record ReceiverLimits(int maxRequestBytes) {

  public static final int DEFAULT_MAX_REQUEST_BYTES = 64 * 1024 * 1024;
  public static final ReceiverLimits DEFAULT = new ReceiverLimits(DEFAULT_MAX_REQUEST_BYTES);

  /** Leaves room for array headers and a gRPC frame header, so sizes + 1 never overflow an int. */
  private static final int MAX_SUPPORTED = Integer.MAX_VALUE - 64;

  public ReceiverLimits {
    if (maxRequestBytes < 1 || maxRequestBytes > MAX_SUPPORTED) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be between 1 and " + MAX_SUPPORTED + ", got " + maxRequestBytes);
    }
  }
}
