package io.tracemate.receivers.exchange;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.MethodDescriptor;
import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.MethodDescriptor.PrototypeMarshaller;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A gRPC service whose request messages are counted and bounded ({@link DecodedObjects}) before protobuf parses
 * them. Armeria hands a message straight to the method's marshaller, so the count has to happen in a marshaller:
 * each method's request marshaller is replaced by one that reads the message's bytes (as they arrived, or as
 * {@link BudgetedGzip} inflates them), counts and charges them in the request's context, and only then parses
 * them with the message's own parser (or the method's {@link MessageDecoder}). A refused message never becomes objects; the refusal
 * ({@link BodyTooLargeException}, {@link BodyBudgetExhaustedException}) reaches the service's exception handler,
 * which answers RESOURCE_EXHAUSTED or UNAVAILABLE with RetryInfo ({@link GrpcReceiver}).
 *
 * <p>Armeria parses protobuf straight from its buffer when it recognises the marshaller; this one it does not, so
 * the message is copied once into an array (charged to the lease: both are alive while it parses) and parsed from
 * it, which is protobuf's fastest path. Thread-safe: each thread reads into its own buffer.
 */
final class CountedRequests {
  private CountedRequests() {}

  /** {@code service} with every method's request counted by {@code shape} and bounded by {@code objects}. */
  static ServerServiceDefinition of(
      ServerServiceDefinition service, BodyShape shape, DecodedObjects objects) {
    ServiceDescriptor original = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor =
        ServiceDescriptor.newBuilder(original.getName())
            .setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<?, ?> counted = counted(method, shape, objects);
      methods.add(counted);
      descriptor.addMethod(counted.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <Q, R> ServerMethodDefinition<Q, R> counted(
      ServerMethodDefinition<Q, R> method, BodyShape shape, DecodedObjects objects) {
    MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
    MethodDescriptor<Q, R> counted =
        descriptor.toBuilder(
                new CountingMarshaller<>(descriptor.getRequestMarshaller(), shape, objects),
                descriptor.getResponseMarshaller())
            .build();
    return ServerMethodDefinition.create(counted, method.getServerCallHandler());
  }

  /** The marshaller {@link #of} puts in place of {@code delegate} (package-private for the benchmark). */
  static <T> Marshaller<T> marshaller(
      Marshaller<T> delegate, BodyShape shape, DecodedObjects objects) {
    return new CountingMarshaller<>(delegate, shape, objects);
  }

  /**
   * Reads, counts and charges a message, then parses it with the delegate's parser. A message of known length up to
   * {@value #MAX_REUSED_BYTES} bytes is read into a buffer reused by the thread, as grpc-java's own protobuf
   * marshaller does: a new array per message of that size would be a humongous allocation for G1 and cost more
   * than the count itself. Parsing copies what it keeps (no aliasing), so the buffer is free again once it returns.
   */
  private static final class CountingMarshaller<T> implements Marshaller<T> {
    private static final int MAX_REUSED_BYTES = 4 << 20;

    private final Marshaller<T> delegate;
    private final Message prototype; // null: parse through the delegate
    private final MessageDecoder<T> decoder; // non-null: decodes from the bytes read here
    private final BodyShape shape;
    private final DecodedObjects objects;
    private final ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[8192]);

    CountingMarshaller(Marshaller<T> delegate, BodyShape shape, DecodedObjects objects) {
      this.delegate = delegate;
      this.prototype =
          delegate instanceof PrototypeMarshaller<T> prototyped
                  && prototyped.getMessagePrototype() instanceof Message message
              ? message
              : null;
      this.decoder = delegate instanceof MessageDecoder<T> decoding ? decoding : null;
      this.shape = shape;
      this.objects = objects;
    }

    @Override
    public InputStream stream(T value) {
      return delegate.stream(value);
    }

    @Override
    public T parse(InputStream stream) {
      byte[] message;
      int length;
      try (InputStream in = stream) {
        int available = in.available();
        if (available > 1) { // a received message, whose length its stream knows
          message = available <= MAX_REUSED_BYTES ? buffer(available) : new byte[available];
          length = in.readNBytes(message, 0, available);
          int next = in.read();
          if (next >= 0) { // more than announced: read the rest into an array of its own
            message = rest(message, length, next, in);
            length = message.length;
          }
        } else { // one being inflated
          message = in.readAllBytes();
          length = message.length;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      RequestBodyBudget.Lease lease =
          RequestBodyBudget.leaseOf(ServiceRequestContext.currentOrNull());
      lease.charge(length);
      objects.admit(message, length, shape, lease);
      if (decoder != null) {
        try {
          return decoder.decode(message, length);
        } catch (InvalidProtocolBufferException e) {
          throw GrpcReceiver.invalidMessage(e);
        }
      }
      if (prototype == null) {
        return delegate.parse(new ByteArrayInputStream(message, 0, length));
      }
      try {
        @SuppressWarnings("unchecked") // the prototype is the delegate's, of type T
        T parsed = (T) prototype.getParserForType().parseFrom(message, 0, length);
        return parsed;
      } catch (InvalidProtocolBufferException e) {
        throw GrpcReceiver.invalidMessage(e);
      }
    }

    private byte[] buffer(int size) {
      byte[] buffer = buffers.get();
      if (buffer.length < size) {
        buffer = new byte[Math.min(MAX_REUSED_BYTES, Math.max(size, buffer.length * 2))];
        buffers.set(buffer);
      }
      return buffer;
    }

    private static byte[] rest(byte[] first, int length, int next, InputStream in)
        throws IOException {
      ByteArrayOutputStream all = new ByteArrayOutputStream(length * 2);
      all.write(first, 0, length);
      all.write(next);
      in.transferTo(all);
      return all.toByteArray();
    }
  }
}
