package io.tracemate.receivers.exchange;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which fields of a protobuf message are messages themselves, and which it knows at all: what a walk over the
 * encoded bytes needs to count the objects that parsing them would create, without creating any. Built from a
 * generated message's descriptor ({@link #of}), or by hand for a format whose library has none (Zipkin's proto3,
 * {@link #message}).
 *
 * <p>{@link #countObjects} walks the bytes with protobuf's own {@link CodedInputStream}, descending into every
 * message field and skipping everything else by its length; it counts one object per message, per non-empty
 * length-delimited field (a string or bytes value, a packed list) and per unknown field (protobuf keeps those in
 * the message's unknown-field set). Empty strings and bytes cost nothing (protobuf shares one empty instance), nor
 * do known scalars (stored in their message). So the count bounds what the parser allocates, whatever the bytes
 * say; where they stop being valid protobuf, the walk stops too and returns what it counted so far, which the
 * parser, failing at the same place or earlier, cannot exceed.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class ProtobufShape {
  /** Protobuf's own default recursion limit: deeper messages fail to parse, so the walk need not go further. */
  private static final int MAX_DEPTH = 100;

  /** Every wire type: a hand-built field of a format whose decoder drops unknown fields anyway. */
  private static final int ANY_WIRE_TYPE = 0xff;

  private static final ProtobufShape UNKNOWN_GROUP = new ProtobufShape("group");

  private final String name;
  private ProtobufShape[] children = new ProtobufShape[0];

  /** Per field number, a bit per wire type protobuf reads it in; anything else is an unknown field. */
  private int[] wireTypes = new int[0];

  private ProtobufShape(String name) {
    this.name = name;
  }

  /** The shape of a generated message type, its message fields followed to any depth (cycles included). */
  public static ProtobufShape of(Descriptor descriptor) {
    return of(descriptor, new HashMap<>());
  }

  private static ProtobufShape of(Descriptor descriptor, Map<Descriptor, ProtobufShape> built) {
    ProtobufShape existing = built.get(descriptor);
    if (existing != null) {
      return existing;
    }
    ProtobufShape shape = new ProtobufShape(descriptor.getFullName());
    built.put(descriptor, shape);
    for (FieldDescriptor field : descriptor.getFields()) {
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
          && field.getType() != FieldDescriptor.Type.GROUP) {
        shape.child(field.getNumber(), of(field.getMessageType(), built));
      } else {
        int wireType = field.getLiteType().getWireType();
        int accepted = 1 << wireType;
        if (field.isRepeated() && field.getLiteType().isPackable()) {
          accepted |= 1 << WireFormat.WIRETYPE_LENGTH_DELIMITED; // packed or not, both parse
        }
        shape.accept(field.getNumber(), accepted);
      }
    }
    return shape;
  }

  /** An empty message shape to build by hand with {@link #field} and {@link #child}. */
  public static ProtobufShape message(String name) {
    return new ProtobufShape(name);
  }

  /** Declares a known scalar, string or bytes field, in whatever wire type it comes. Only while building. */
  public ProtobufShape field(int number) {
    return accept(number, ANY_WIRE_TYPE);
  }

  /** Declares a message field (repeated or not) of shape {@code child}. Only while building. */
  public ProtobufShape child(int number, ProtobufShape child) {
    accept(number, 1 << WireFormat.WIRETYPE_LENGTH_DELIMITED);
    children[number] = child;
    return this;
  }

  private ProtobufShape accept(int number, int wireTypeBits) {
    if (number >= wireTypes.length) {
      wireTypes = Arrays.copyOf(wireTypes, number + 1);
      children = Arrays.copyOf(children, number + 1);
    }
    wireTypes[number] = wireTypeBits;
    return this;
  }

  /** The message's full name, for messages. */
  public String name() {
    return name;
  }

  /**
   * The objects parsing {@code body} as this message would create, the message itself included; what the bytes
   * hold up to the point where they stop being valid protobuf.
   */
  public long countObjects(byte[] body) {
    return countObjects(body, body.length);
  }

  /** As {@link #countObjects(byte[])} for the first {@code length} bytes of {@code body}. */
  public long countObjects(byte[] body, int length) {
    CodedInputStream in = CodedInputStream.newInstance(body, 0, length);
    Counter counter = new Counter();
    counter.objects = 1; // the message itself
    try {
      walk(in, this, length, 0, counter);
    } catch (IOException | RuntimeException notProtobuf) {
      // The parser fails here too (or earlier), after creating no more than was counted.
    }
    return counter.objects;
  }

  /** Mutable, so that what was counted survives an exception out of the walk. */
  private static final class Counter {
    long objects;
  }

  /**
   * Walks a message ending at {@code end} (bytes from the start): positions are compared rather than limits pushed
   * and popped (a fifth of the walk's cost); a field running past its message's end stops the walk, as it fails
   * the parse.
   */
  private static void walk(
      CodedInputStream in, ProtobufShape shape, int end, int depth, Counter counter)
      throws IOException {
    while (in.getTotalBytesRead() < end) {
      int tag = in.readTag();
      if (tag == 0) {
        return;
      }
      int number = WireFormat.getTagFieldNumber(tag);
      int wireType = WireFormat.getTagWireType(tag);
      boolean known = shape.reads(number, wireType);
      if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        int length = in.readRawVarint32();
        ProtobufShape child = known ? shape.children[number] : null;
        if (child != null && depth < MAX_DEPTH) {
          counter.objects++;
          int childEnd = in.getTotalBytesRead() + length;
          if (length < 0 || childEnd > end) {
            throw new IOException("a message runs past its parent's end");
          }
          walk(in, child, childEnd, depth + 1, counter);
          if (in.getTotalBytesRead() != childEnd) {
            throw new IOException("a field runs past its message's end");
          }
        } else {
          if (length > 0 || !known) {
            counter.objects++;
          }
          in.skipRawBytes(length);
        }
      } else if (wireType == WireFormat.WIRETYPE_START_GROUP && !known) {
        // Kept field by field in the unknown-field set: counted field by field.
        counter.objects++;
        if (depth >= MAX_DEPTH) {
          return;
        }
        walk(in, UNKNOWN_GROUP, end, depth + 1, counter);
      } else if (wireType == WireFormat.WIRETYPE_END_GROUP) {
        return; // the end of a group walked above; anywhere else the parser refuses it
      } else {
        if (!known) {
          counter.objects++;
        }
        in.skipField(tag);
      }
    }
  }

  /** Whether protobuf reads field {@code number} in {@code wireType} as the known field, not as an unknown one. */
  private boolean reads(int number, int wireType) {
    return number < wireTypes.length && (wireTypes[number] & (1 << wireType)) != 0;
  }
}
