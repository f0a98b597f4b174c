package io.tracemate.receivers.exchange;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A gRPC request marshaller that decodes a message from its bytes, once {@link CountedRequests} has read, counted
 * and charged them: for a service that decodes protobuf straight into what it keeps rather than through the
 * generated message classes. The bytes belong to the reader (a buffer it reuses): what is kept of them is copied.
 * Requests are only read, never written.
 */
public interface MessageDecoder<T> extends Marshaller<T> {

  /**
   * @param message the message's bytes, from index 0
   * @param length how many of them
   * @throws InvalidProtocolBufferException when they are not the message (INVALID_ARGUMENT for the client)
   */
  T decode(byte[] message, int length) throws InvalidProtocolBufferException;

  @Override
  default T parse(InputStream stream) {
    try (InputStream in = stream) {
      byte[] message = in.readAllBytes();
      return decode(message, message.length);
    } catch (InvalidProtocolBufferException e) {
      throw GrpcReceiver.invalidMessage(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  default InputStream stream(T value) {
    throw new UnsupportedOperationException("a request is read, never written");
  }
}
