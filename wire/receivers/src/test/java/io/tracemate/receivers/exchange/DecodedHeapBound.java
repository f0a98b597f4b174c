package io.tracemate.receivers.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.testing.fuzz.Outcomes;
import java.lang.management.ManagementFactory;
import java.util.concurrent.Callable;

/**
 * The property the receivers' object counting ({@link BodyShape}) promises whatever the bytes: counting never fails
 * and never goes negative, and what the decoder then allocates stays within what the count charges to the
 * request-body budget (objects × the shape's heap per object), with room for garbage and for the bytes themselves
 * (text a value copies). A decoder that can be made to allocate far more than that by a body is an unbounded
 * allocation the budget does not see.
 */
public final class DecodedHeapBound {
  /** Allocation counts garbage too, where the shape's figure is the live peak: room for both. */
  static final int GARBAGE_FACTOR = 8;

  static final int BYTES_FACTOR = 32;
  static final long FIXED_BYTES = 4L << 20;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private DecodedHeapBound() {}

  /**
   * Counts {@code body} with {@code shape}, then decodes it, which may refuse it with one of {@code refusals}.
   *
   * @param decode the receiver's decoding of the same bytes
   */
  @SafeVarargs
  public static void check(
      BodyShape shape, byte[] body, Callable<?> decode, Class<? extends Throwable>... refusals) {
    long objects = shape.objects(body);
    assertThat(objects).as("objects counted").isNotNegative();
    long charged = objects * shape.heapBytesPerObject();
    long bound = GARBAGE_FACTOR * charged + BYTES_FACTOR * body.length + FIXED_BYTES;
    long allocated = allocated(decode, refusals);
    if (allocated > bound) {
      // Once more: the first decoding in a JVM also initialises the decoder's classes and caches.
      allocated = allocated(decode, refusals);
    }
    assertThat(allocated)
        .as(
            "bytes the decoder allocated for a %d-byte body counted as %d objects (%d bytes charged)",
            body.length, objects, charged)
        .isLessThanOrEqualTo(bound);
  }

  @SafeVarargs
  private static long allocated(Callable<?> decode, Class<? extends Throwable>... refusals) {
    long before = THREADS.getCurrentThreadAllocatedBytes();
    Outcomes.acceptedOrRefused(decode, refusals);
    return THREADS.getCurrentThreadAllocatedBytes() - before;
  }
}
