package io.tracemate.receivers.exchange;

/**
 * The bound on what decoding a body creates, checked before it is decoded: a body's bytes are bounded (the
 * per-request limit and the {@link RequestBodyBudget}), but not what they become. Two bytes of protobuf are an
 * empty span, about 110 bytes of heap once parsed; a 60 MiB body of them was 30 million objects and took a
 * 2 GiB server into back-to-back full GCs. So every receiver counts what its body will become
 * ({@link BodyShape}) and, before decoding:
 *
 * <ul>
 *   <li>refuses a body that decodes into more than {@code max-request-objects} objects, with 413 /
 *       RESOURCE_EXHAUSTED naming the count and the key (not retryable: the same body fails again);
 *   <li>charges the estimated decoded heap (objects × the receiver's measured bytes per object) to the request's
 *       {@link RequestBodyBudget.Lease}, held with its bytes until the answer, so that many medium requests
 *       together are refused retryably (503 / UNAVAILABLE with a retry hint), as bytes are.
 * </ul>
 *
 * Immutable; thread-safe.
 */
public final class DecodedObjects {
  /** The configuration key of the limit, for messages. */
  public static final String LIMIT_KEY = "receivers.max-request-objects";

  private final long maxObjects;

  /** @param maxObjects most objects one request may decode into */
  public DecodedObjects(long maxObjects) {
    if (maxObjects < 1) {
      throw new IllegalArgumentException("maxObjects must be positive, got " + maxObjects);
    }
    this.maxObjects = maxObjects;
  }

  public long maxObjects() {
    return maxObjects;
  }

  /**
   * Counts what {@code body} decodes into, refuses it when that is too much, and charges its decoded heap to
   * {@code lease}.
   *
   * @param body the body as the decoder will read it (inflated)
   * @throws BodyTooLargeException when the body decodes into more than the limit
   * @throws BodyBudgetExhaustedException when the request-body budget has no room for the decoded heap
   */
  public void admit(byte[] body, BodyShape shape, RequestBodyBudget.Lease lease) {
    admit(body, body.length, shape, lease);
  }

  /** As {@link #admit(byte[], BodyShape, RequestBodyBudget.Lease)} for the first {@code length} bytes. */
  public void admit(byte[] body, int length, BodyShape shape, RequestBodyBudget.Lease lease) {
    long objects = shape.objects(body, length);
    if (objects > maxObjects) {
      throw new BodyTooLargeException(
          "the request body ("
              + length
              + " bytes) decodes into "
              + objects
              + " objects (protobuf messages and strings, or JSON values), more than the limit of "
              + maxObjects
              + " ("
              + LIMIT_KEY
              + "); send smaller batches");
    }
    lease.charge(objects * shape.heapBytesPerObject());
  }
}
