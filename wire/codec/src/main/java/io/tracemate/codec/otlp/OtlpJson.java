package io.tracemate.codec.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
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
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogsData;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.tracemate.codec.MalformedJson;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP/JSON (the OTLP flavour of proto3 JSON): lowerCamelCase field names, trace and span IDs as hex
 * (case-insensitive on input, lowercase on output), enums as integers, 64-bit integers as strings on output
 * and as strings or numbers on input, unknown fields ignored, default values omitted on output.
 *
 * <p>Requests of traces and logs (and TracesData, LogsData) are read as they stream, token by token, straight into
 * their protobuf messages ({@link OtlpTracesJson}, {@link OtlpLogsJson}, sharing {@link OtlpCommonJson}): no tree of
 * the document is built, so a body needs its own bytes plus the messages it becomes. The parser bounds nesting
 * ({@value #MAX_NESTING_DEPTH} levels, which also keeps the messages within protobuf's own recursion limit when
 * they are stored and read back) and strings ({@value #MAX_STRING_CHARS} characters). Other messages (responses)
 * go through a Jackson tree and protobuf's {@link JsonFormat}, IDs rewritten from hex to the base64 it expects;
 * printing runs those steps backwards. Errors are {@link IllegalArgumentException}s naming the JSON path of the
 * problem, such as {@code resourceSpans[0].scopeSpans[1].spans[2].traceId: 'xyz' is not hex (...)}, or the line
 * and column of malformed JSON.
 *
 * <p>Stateless and thread-safe.
 */
public final class OtlpJson {
  /** Deeper than any OTLP message needs (a span attribute's value starts at depth 10). */
  static final int MAX_NESTING_DEPTH = 100;

  /** One string (a log body, an attribute value); 16 MiB of chars while Jackson collects it. */
  static final int MAX_STRING_CHARS = 8 << 20;

  private static final JsonFactory STREAMING =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_NESTING_DEPTH)
                  .maxStringLength(MAX_STRING_CHARS)
                  .build())
          .build();

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
    return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(resourceSpans(json)).build();
  }

  /**
   * Parses an OTLP/JSON {@code ExportLogsServiceRequest}.
   *
   * @throws IllegalArgumentException as {@link #parseTraceRequest(byte[])}
   */
  public static ExportLogsServiceRequest parseLogsRequest(byte[] json) {
    return ExportLogsServiceRequest.newBuilder().addAllResourceLogs(resourceLogs(json)).build();
  }

  /**
   * Parses OTLP/JSON into any OTLP message builder (TracesData, logs, responses, ...) and returns the builder.
   *
   * @throws IllegalArgumentException as {@link #parseTraceRequest(byte[])}
   */
  public static <B extends Message.Builder> B merge(byte[] json, B builder) {
    switch (builder) {
      case ExportTraceServiceRequest.Builder request ->
          request.addAllResourceSpans(resourceSpans(json));
      case TracesData.Builder data -> data.addAllResourceSpans(resourceSpans(json));
      case ExportLogsServiceRequest.Builder request ->
          request.addAllResourceLogs(resourceLogs(json));
      case LogsData.Builder data -> data.addAllResourceLogs(resourceLogs(json));
      default -> mergeThroughTree(json, builder);
    }
    return builder;
  }

  private static List<ResourceSpans> resourceSpans(byte[] json) {
    return read(json, "resourceSpans", "resource_spans", OtlpTracesJson::resourceSpans);
  }

  private static List<ResourceLogs> resourceLogs(byte[] json) {
    return read(json, "resourceLogs", "resource_logs", OtlpLogsJson::resourceLogs);
  }

  /** Reads one JSON value at the cursor into a message. */
  private interface MessageReader<M> {
    M read(ProtoJsonCursor in) throws IOException;
  }

  /**
   * The elements of a request's one field, a repeated message (resourceSpans, resourceLogs), as the document
   * streams; everything else at the top level is skipped, and nothing after the top-level object is read (as
   * Jackson's tree reader did).
   */
  private static <M> List<M> read(
      byte[] json, String jsonName, String protoName, MessageReader<M> element) {
    List<M> elements = new ArrayList<>();
    try (JsonParser parser = STREAMING.createParser(json)) {
      ProtoJsonCursor in = new ProtoJsonCursor(parser);
      try {
        in.startDocument();
        for (String name = in.nextField(); name != null; name = in.nextField()) {
          if (in.isNull()) {
            continue;
          }
          if (name.equals(jsonName) || name.equals(protoName)) {
            elements.clear();
            in.expectArray();
            while (in.nextElement()) {
              elements.add(element.read(in));
            }
          } else {
            in.skip();
          }
        }
      } catch (StreamConstraintsException e) {
        // Jackson does not say where: the parser does.
        JsonLocation at = parser.currentLocation();
        throw new IllegalArgumentException(
            "JSON beyond this server's limits at line "
                + at.getLineNr()
                + ", column "
                + at.getColumnNr()
                + ": "
                + e.getOriginalMessage()
                + " (at most "
                + MAX_NESTING_DEPTH
                + " levels of nesting and "
                + MAX_STRING_CHARS
                + " characters per string)",
            e);
      }
    } catch (JacksonException e) {
      throw MalformedJson.of(e);
    } catch (CharConversionException e) {
      throw MalformedJson.of(e);
    } catch (IOException e) {
      // Reading a byte array does no I/O: nothing but the two above can fail here.
      throw new UncheckedIOException(e);
    }
    return elements;
  }

  /** The general path, for messages without a streaming reader: small ones, such as responses. */
  static <B extends Message.Builder> B mergeThroughTree(byte[] json, B builder) {
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
