package io.tracemate.codec.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TypeRegistry;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.RetryInfo;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.tracemate.codec.MalformedJson;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * OTLP/JSON (the OTLP flavour of proto3 JSON): lowerCamelCase field names, trace and span IDs as hex
 * (case-insensitive on input, lowercase on output), enums as integers, 64-bit integers as strings on output
 * and as strings or numbers on input, unknown fields ignored, default values omitted on output.
 *
 * <p>Implementation: Jackson reads the document into a tree, the ID fields are rewritten from hex to the
 * base64 that proto3 JSON expects, and protobuf's {@link JsonFormat} does the rest; printing runs the same
 * steps backwards. Errors are {@link IllegalArgumentException}s naming the JSON path of the problem, such as
 * {@code resourceSpans[0].scopeSpans[1].spans[2].traceId: 'xyz' is not hex (...)}.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  /** google.rpc.Status bodies carry these detail types; printing an Any needs to know them. */
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer()
          .printingEnumsAsInts()
          .omittingInsignificantWhitespace()
          .usingTypeRegistry(
              TypeRegistry.newBuilder()
                  .add(BadRequest.getDescriptor())
                  .add(RetryInfo.getDescriptor())
                  .add(ErrorInfo.getDescriptor())
                  .build());

  private OtlpJson() {}

  /**
   * Parses an OTLP/JSON {@code ExportTraceServiceRequest}.
   *
   * @throws IllegalArgumentException saying what is wrong and where (JSON path, or line and column for
   *     malformed JSON)
   */
  public static ExportTraceServiceRequest parseTraceRequest(byte[] json) {
    return merge(json, ExportTraceServiceRequest.newBuilder()).build();
  }

  /**
   * Parses OTLP/JSON into any OTLP message builder (TracesData, logs, ...) and returns the builder.
   *
   * @throws IllegalArgumentException as {@link #parseTraceRequest(byte[])}
   */
  public static <B extends Message.Builder> B merge(byte[] json, B builder) {
    Descriptor descriptor = builder.getDescriptorForType();
    ObjectNode tree = readObject(json);
    try {
      IdFields.hexToBase64(tree, descriptor);
    } catch (IdFields.JsonPathException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    String protoJson = tree.toString();
    try {
      PARSER.merge(protoJson, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new IllegalArgumentException(JsonErrors.locate(tree, descriptor, PARSER), e);
    }
    return builder;
  }

  /** Prints a message as OTLP/JSON (compact, IDs in lowercase hex). */
  public static String print(MessageOrBuilder message) {
    String protoJson;
    try {
      protoJson = PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "cannot print "
              + message.getDescriptorForType().getFullName()
              + " as JSON: "
              + e.getMessage(),
          e);
    }
    Descriptor descriptor = message.getDescriptorForType();
    // Always re-written through Jackson, also without ID fields: JsonFormat escapes HTML-sensitive
    // characters (a single quote becomes a unicode escape), which is valid JSON but makes error
    // messages hard to read.
    try {
      ObjectNode tree = (ObjectNode) MAPPER.readTree(protoJson);
      if (IdFields.reachesIdField(descriptor)) {
        IdFields.base64ToHex(tree, descriptor);
      }
      return tree.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("JsonFormat printed unreadable JSON", e);
    }
  }

  private static ObjectNode readObject(byte[] json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw MalformedJson.of(e);
    } catch (CharConversionException e) {
      throw MalformedJson.of(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new IllegalArgumentException("the request body is empty: expected a JSON object");
    }
    if (!(tree instanceof ObjectNode object)) {
      throw new IllegalArgumentException(
          "expected a JSON object at the top level, got "
              + tree.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
    }
    return object;
  }
}
