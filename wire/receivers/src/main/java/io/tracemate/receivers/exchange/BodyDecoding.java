package io.tracemate.receivers.exchange;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.util.function.Function;

/**
 * Decoding a request body the same way in every receiver: what the decoder refuses becomes a
 * {@link MalformedRequestException} (a 400 / INVALID_ARGUMENT) whose message says what could not be decoded, then
 * the decoder's own account of what is wrong and where. Stateless; thread-safe.
 */
public final class BodyDecoding {
  private BodyDecoding() {}

  /**
   * Applies a decoder whose {@link IllegalArgumentException} says what is wrong and where.
   *
   * @param what what was being decoded ({@code "cannot decode Zipkin spans"}), put before the decoder's message;
   *     empty when that message says it already
   */
  public static <T> T decode(byte[] body, Function<byte[], T> decoder, String what) {
    try {
      return decoder.apply(body);
    } catch (IllegalArgumentException e) {
      throw new MalformedRequestException(
          what.isEmpty() ? e.getMessage() : what + ": " + e.getMessage(), e);
    }
  }

  /** A reader of a protobuf message's bytes, refusing what is not that message. */
  @FunctionalInterface
  public interface ProtobufReader<T> {
    T read(byte[] body) throws InvalidProtocolBufferException;
  }

  /**
   * A protobuf body read by {@code reader} (one that decodes the wire format into what it keeps).
   *
   * @param message the message's name, for the error
   */
  public static <T> T protobuf(byte[] body, String message, ProtobufReader<T> reader) {
    try {
      return reader.read(body);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException(
          "cannot decode the protobuf "
              + message
              + " ("
              + body.length
              + " bytes): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * An OTLP/HTTP body as the signal's export request, from protobuf or from OTLP/JSON.
   *
   * @param type the request's default instance, which names the message and parses its protobuf form
   * @param json the signal's OTLP/JSON parser, throwing {@link IllegalArgumentException} for what it refuses
   */
  public static <R extends Message> R otlpRequest(
      byte[] body, boolean protobuf, R type, Function<byte[], R> json) {
    String name = type.getDescriptorForType().getName();
    if (!protobuf) {
      return decode(body, json, "cannot decode the JSON " + name);
    }
    @SuppressWarnings("unchecked") // a message's parser parses messages of its own type
    Parser<R> parser = (Parser<R>) type.getParserForType();
    return protobuf(body, name, parser::parseFrom);
  }
}
