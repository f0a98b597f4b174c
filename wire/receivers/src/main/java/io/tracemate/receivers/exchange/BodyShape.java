package io.tracemate.receivers.exchange;

import com.google.protobuf.Descriptors.Descriptor;

/**
 * What decoding one receiver's bodies creates, known before decoding them: how to count the objects a body
 * becomes (a protobuf tag walk, {@link ProtobufShape}, or a JSON token pass, {@link JsonShape}: one counter per
 * encoding, shared by every receiver) and what each of them costs in heap once decoded, measured for that
 * receiver's decoder. {@link DecodedObjects} refuses and charges by it. Immutable; thread-safe.
 */
public final class BodyShape {
  private final ProtobufShape protobuf; // null: JSON
  private final int heapBytesPerObject;

  private BodyShape(ProtobufShape protobuf, int heapBytesPerObject) {
    if (heapBytesPerObject < 1) {
      throw new IllegalArgumentException(
          "heapBytesPerObject must be positive, got " + heapBytesPerObject);
    }
    this.protobuf = protobuf;
    this.heapBytesPerObject = heapBytesPerObject;
  }

  /**
   * Protobuf bodies of the message {@code message} describes.
   *
   * @param heapBytesPerObject the decoded heap (protobuf objects and what the receiver makes of them, alive
   *     together) per object counted, as measured for the receiver's decoder
   */
  public static BodyShape protobuf(ProtobufShape message, int heapBytesPerObject) {
    return new BodyShape(message, heapBytesPerObject);
  }

  /** Protobuf bodies of a generated message type; see {@link #protobuf(ProtobufShape, int)}. */
  public static BodyShape protobuf(Descriptor message, int heapBytesPerObject) {
    return protobuf(ProtobufShape.of(message), heapBytesPerObject);
  }

  /**
   * JSON bodies.
   *
   * @param heapBytesPerObject the decoded heap per JSON value at its peak (every tree the decoder builds on the
   *     way, alive together), as measured for the receiver's decoder
   */
  public static BodyShape json(int heapBytesPerObject) {
    return new BodyShape(null, heapBytesPerObject);
  }

  /** The objects decoding {@code body} creates, counted without creating them. */
  public long objects(byte[] body) {
    return objects(body, body.length);
  }

  /** As {@link #objects(byte[])} for the first {@code length} bytes of {@code body}. */
  public long objects(byte[] body, int length) {
    return protobuf == null
        ? JsonShape.countValues(body, length)
        : protobuf.countObjects(body, length);
  }

  public int heapBytesPerObject() {
    return heapBytesPerObject;
  }
}
