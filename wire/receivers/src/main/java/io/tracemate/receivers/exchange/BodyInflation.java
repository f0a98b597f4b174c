package io.tracemate.receivers.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Inflates a request body without producing more than the per-request limit, charging the request's
 * {@link RequestBodyBudget.Lease} for each buffer before allocating it: a gzip bomb costs at most the limit, and
 * many of them at once no more than the budget. Stateless; thread-safe.
 */
public final class BodyInflation {
  /** Output grows by doubling from here, or from a multiple of the compressed size. */
  private static final int MIN_CAPACITY = 8192;

  /** Most OTLP batches and log pushes compress 5-10x. */
  private static final int EXPECTED_RATIO = 8;

  private BodyInflation() {}

  /**
   * Reads {@code inflating} to its end.
   *
   * @param compressedLength the compressed body's size, to guess the output's
   * @throws BodyTooLargeException when the output passes {@code maxBytes}
   * @throws BodyBudgetExhaustedException when the budget has no room for the output
   * @throws IOException when the body is not valid in its coding
   */
  public static byte[] inflate(
      InputStream inflating, int compressedLength, int maxBytes, RequestBodyBudget.Lease lease)
      throws IOException {
    int initial =
        (int)
            Math.min(
                (long) maxBytes + 1,
                Math.max(MIN_CAPACITY, (long) compressedLength * EXPECTED_RATIO));
    lease.charge(initial);
    byte[] out = new byte[initial];
    int size = 0;
    while (true) {
      if (size == out.length) {
        if (size > maxBytes) {
          throw tooLarge(maxBytes);
        }
        int grown = (int) Math.min((long) maxBytes + 1, out.length * 2L);
        lease.charge(grown - out.length);
        out = Arrays.copyOf(out, grown);
      }
      int read = inflating.read(out, size, out.length - size);
      if (read < 0) {
        return size == out.length ? out : Arrays.copyOf(out, size);
      }
      size += read;
      if (size > maxBytes) {
        throw tooLarge(maxBytes);
      }
    }
  }

  private static BodyTooLargeException tooLarge(int maxBytes) {
    return new BodyTooLargeException(
        "the inflated body exceeds the limit of " + maxBytes + " bytes");
  }
}
