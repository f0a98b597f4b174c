package io.tracemate.codec.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.github.loki4j.pkg.loki.protobuf.Push;
import com.google.protobuf.InvalidProtocolBufferException;
import io.tracemate.codec.MalformedJson;
import io.tracemate.codec.UnixNanos;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.xerial.snappy.Snappy;

/**
 * Loki's push API bodies ({@code POST /loki/api/v1/push}) to log streams:
 *
 * <ul>
 *   <li>JSON: {@code {"streams":[{"stream":{"app":"web"},"values":[["<unix ns>","line",{"k":"v"}]]}]}}, the
 *       optional third element being structured metadata; also the legacy form with {@code "labels":"{...}"} and
 *       {@code "entries":[{"ts":"<RFC 3339>","line":"..."}]}. Read with Jackson's streaming parser, so a large
 *       body is never held as a tree.
 *   <li>protobuf: a snappy (block format) compressed {@code logproto.PushRequest}, labels as a Prometheus label
 *       string ({@link LabelString}), structured metadata as label pairs.
 * </ul>
 *
 * Every entry goes through {@link TraceContext#enrich}, so a trace ID in metadata or in the line becomes the
 * indexed {@code trace_id} metadata. Streams keep request order; entries keep their order within a stream.
 * Errors are {@link IllegalArgumentException}s saying what is wrong and where (a JSON path such as
 * {@code streams[0].values[2][0]}, or line and column). A timestamp that signed 64-bit nanoseconds cannot hold
 * (after 2262 or before 1677) is such an error ("timestamp ... is too new"), never wrapped around into another
 * date; times in range are judged later by Loki's limits. Stateless; thread-safe.
 */
public final class LokiPushDecoder {
  private static final JsonFactory JSON = new JsonFactory();

  private LokiPushDecoder() {}

  /** @throws IllegalArgumentException for a body that is not a Loki JSON push */
  public static DecodedLogs decodeJson(byte[] body) {
    try (JsonParser parser = JSON.createParser(body)) {
      return new JsonReader(parser).read();
    } catch (JsonProcessingException e) {
      throw MalformedJson.of(e);
    } catch (CharConversionException e) {
      throw MalformedJson.of(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Inflates a snappy block-format body, refusing (before inflating) one that would pass {@code maxBytes}.
   *
   * @throws PayloadTooLargeException when the declared uncompressed size passes the limit
   * @throws IllegalArgumentException when the body is not snappy
   */
  public static byte[] unsnappy(byte[] compressed, int maxBytes) {
    return unsnappy(compressed, maxBytes, bytes -> {});
  }

  /**
   * As {@link #unsnappy(byte[], int)}, telling {@code beforeAllocating} the uncompressed size before the output
   * is allocated (which may throw to refuse it).
   */
  public static byte[] unsnappy(byte[] compressed, int maxBytes, LongConsumer beforeAllocating) {
    try {
      if (!Snappy.isValidCompressedBuffer(compressed)) {
        throw new IllegalArgumentException(
            "the body is not snappy-compressed (block format) protobuf");
      }
      int length = Snappy.uncompressedLength(compressed);
      if (length < 0 || length > maxBytes) {
        throw new PayloadTooLargeException(
            "the decompressed body ("
                + Integer.toUnsignedString(length)
                + " bytes) exceeds the limit of "
                + maxBytes
                + " bytes");
      }
      beforeAllocating.accept(length);
      return Snappy.uncompress(compressed);
    } catch (IOException e) {
      throw new IllegalArgumentException("the body is not valid snappy: " + e.getMessage(), e);
    }
  }

  /** @param protobuf an uncompressed {@code logproto.PushRequest} */
  public static DecodedLogs decodeProtobuf(byte[] protobuf) {
    Push.PushRequest request;
    try {
      request = Push.PushRequest.parseFrom(protobuf);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "cannot decode the protobuf PushRequest ("
              + protobuf.length
              + " bytes): "
              + e.getMessage(),
          e);
    }
    List<LogStream> streams = new ArrayList<>(request.getStreamsCount());
    for (int s = 0; s < request.getStreamsCount(); s++) {
      Push.StreamAdapter stream = request.getStreams(s);
      LabelSet labels;
      try {
        labels = LabelString.parse(stream.getLabels());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("streams[" + s + "]: " + e.getMessage(), e);
      }
      List<LogEntry> entries = new ArrayList<>(stream.getEntriesCount());
      for (int i = 0; i < stream.getEntriesCount(); i++) {
        Push.EntryAdapter entry = stream.getEntries(i);
        long nanos;
        long seconds = entry.getTimestamp().getSeconds();
        try {
          nanos =
              Math.addExact(
                  Math.multiplyExact(seconds, 1_000_000_000L), entry.getTimestamp().getNanos());
        } catch (ArithmeticException e) {
          throw outOfRange(
              "streams[" + s + "].entries[" + i + "].timestamp",
              seconds > 0,
              seconds + " s" + instantText(seconds, entry.getTimestamp().getNanos()),
              e);
        }
        LabelSet metadata = LabelSet.EMPTY;
        if (entry.getStructuredMetadataCount() > 0) {
          List<Label> pairs = new ArrayList<>(entry.getStructuredMetadataCount());
          for (Push.LabelPairAdapter pair : entry.getStructuredMetadataList()) {
            pairs.add(new Label(pair.getName(), pair.getValue()));
          }
          try {
            metadata = new LabelSet(pairs);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "streams[" + s + "].entries[" + i + "].structuredMetadata: " + e.getMessage(), e);
          }
        }
        entries.add(
            TraceContext.enrich(
                new LogEntry(nanos, entry.getLine(), metadata, entry.getLineBytes().size())));
      }
      streams.add(new LogStream(OtlpLogLabels.withNormalizedLevel(labels), entries));
    }
    return new DecodedLogs(streams, 0, "");
  }

  /** One pass over the JSON tokens; keeps the path for error messages. */
  private static final class JsonReader {
    private final JsonParser parser;

    JsonReader(JsonParser parser) {
      this.parser = parser;
    }

    DecodedLogs read() throws IOException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException(
            "the request body is empty: expected a JSON object with \"streams\"");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(
            "expected a JSON object at the top level, got " + describe(first));
      }
      List<LogStream> streams = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("streams")) {
          if (value == JsonToken.VALUE_NULL) {
            continue;
          }
          expect(value, JsonToken.START_ARRAY, "streams", "an array");
          int index = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            String path = "streams[" + index++ + "]";
            expect(parser.currentToken(), JsonToken.START_OBJECT, path, "an object");
            streams.add(stream(path));
          }
        } else {
          parser.skipChildren();
        }
      }
      return new DecodedLogs(streams, 0, "");
    }

    private LogStream stream(String path) throws IOException {
      LabelSet labels = null;
      List<LogEntry> entries = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "stream" -> labels = labelObject(path + ".stream", value);
          case "labels" -> {
            expect(
                value,
                JsonToken.VALUE_STRING,
                path + ".labels",
                "a label string such as {app=\"web\"}");
            try {
              labels = LabelString.parse(parser.getText());
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(path + ".labels: " + e.getMessage(), e);
            }
          }
          case "values" -> values(path + ".values", value, entries);
          case "entries" -> legacyEntries(path + ".entries", value, entries);
          default -> parser.skipChildren();
        }
      }
      return new LogStream(
          labels == null ? LabelSet.EMPTY : OtlpLogLabels.withNormalizedLevel(labels), entries);
    }

    private void values(String path, JsonToken start, List<LogEntry> entries) throws IOException {
      if (start == JsonToken.VALUE_NULL) {
        return;
      }
      expect(start, JsonToken.START_ARRAY, path, "an array of [timestamp, line] pairs");
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        String at = path + "[" + index++ + "]";
        expect(
            parser.currentToken(),
            JsonToken.START_ARRAY,
            at,
            "an array [\"<unix nanoseconds>\", \"<line>\"]");
        long timestamp = nanos(at + "[0]", parser.nextToken());
        JsonToken lineToken = parser.nextToken();
        expect(lineToken, JsonToken.VALUE_STRING, at + "[1]", "the log line as a string");
        String line = parser.getText();
        LabelSet metadata = LabelSet.EMPTY;
        JsonToken next = parser.nextToken();
        if (next == JsonToken.START_OBJECT || next == JsonToken.VALUE_NULL) {
          metadata = next == JsonToken.VALUE_NULL ? LabelSet.EMPTY : labelObject(at + "[2]", next);
          next = parser.nextToken();
        }
        if (next != JsonToken.END_ARRAY) {
          throw new IllegalArgumentException(
              at
                  + ": expected at most 3 elements (timestamp, line, structured"
                  + " metadata), found more");
        }
        entries.add(TraceContext.enrich(new LogEntry(timestamp, line, metadata)));
      }
    }

    private void legacyEntries(String path, JsonToken start, List<LogEntry> entries)
        throws IOException {
      if (start == JsonToken.VALUE_NULL) {
        return;
      }
      expect(start, JsonToken.START_ARRAY, path, "an array of {\"ts\", \"line\"} objects");
      int index = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        String at = path + "[" + index++ + "]";
        expect(
            parser.currentToken(),
            JsonToken.START_OBJECT,
            at,
            "an object {\"ts\": ..., \"line\": ...}");
        Long timestamp = null;
        String line = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          if (field.equals("ts")) {
            timestamp =
                value == JsonToken.VALUE_STRING && !isDigits(parser.getText())
                    ? rfc3339(at + ".ts", parser.getText())
                    : nanos(at + ".ts", value);
          } else if (field.equals("line")) {
            expect(value, JsonToken.VALUE_STRING, at + ".line", "a string");
            line = parser.getText();
          } else {
            parser.skipChildren();
          }
        }
        if (timestamp == null || line == null) {
          throw new IllegalArgumentException(at + ": an entry needs both \"ts\" and \"line\"");
        }
        entries.add(TraceContext.enrich(new LogEntry(timestamp, line)));
      }
    }

    private LabelSet labelObject(String path, JsonToken start) throws IOException {
      expect(start, JsonToken.START_OBJECT, path, "an object of string values");
      List<Label> labels = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        expect(value, JsonToken.VALUE_STRING, path + "." + name, "a string");
        labels.add(new Label(name, parser.getText()));
      }
      try {
        return new LabelSet(labels);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
      }
    }

    private long nanos(String path, JsonToken token) throws IOException {
      String text;
      if (token == JsonToken.VALUE_NUMBER_INT) {
        if (parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return parser.getLongValue();
        }
        text = parser.getText();
      } else {
        expect(
            token,
            JsonToken.VALUE_STRING,
            path,
            "the timestamp as a string of Unix epoch nanoseconds");
        text = parser.getText();
      }
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        if (isDigits(text) || (text.startsWith("-") && isDigits(text.substring(1)))) {
          boolean future = !text.startsWith("-");
          String shown = "'" + abbreviate(text) + "'";
          if (future && text.length() <= 20) {
            try {
              shown += " (" + UnixNanos.describe(Long.parseUnsignedLong(text)) + ")";
            } catch (NumberFormatException beyondUnsigned) {
              // beyond 2554 as well: the digits say enough
            }
          }
          throw outOfRange(path, future, shown, e);
        }
        throw new IllegalArgumentException(
            path
                + ": timestamp '"
                + abbreviate(text)
                + "' is not an integer number of Unix epoch nanoseconds");
      }
    }

    private static long rfc3339(String path, String text) {
      OffsetDateTime time;
      try {
        time = OffsetDateTime.parse(text);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            path + ": timestamp '" + abbreviate(text) + "' is not RFC 3339");
      }
      try {
        return Math.addExact(
            Math.multiplyExact(time.toEpochSecond(), 1_000_000_000L), time.getNano());
      } catch (ArithmeticException e) {
        throw outOfRange(path, time.toEpochSecond() > 0, "'" + abbreviate(text) + "'", e);
      }
    }

    private void expect(JsonToken actual, JsonToken wanted, String path, String description) {
      if (actual != wanted) {
        throw new IllegalArgumentException(
            path + ": expected " + description + ", got " + describe(actual) + location());
      }
    }

    private String location() {
      JsonLocation location = parser.currentLocation();
      return location == null
          ? ""
          : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
  }

  /**
   * A timestamp that signed 64-bit nanoseconds cannot hold (before 1677 or after 2262): the whole push is refused
   * with 400, as Loki refuses a timestamp it cannot parse, and never wrapped around into another date.
   */
  private static IllegalArgumentException outOfRange(
      String path, boolean future, String shown, Throwable cause) {
    String limit =
        future
            ? "after " + UnixNanos.describe(UnixNanos.LATEST) + ", the latest"
            : "before " + UnixNanos.describeSigned(Long.MIN_VALUE) + ", the earliest";
    return new IllegalArgumentException(
        path
            + ": timestamp "
            + shown
            + " is too "
            + (future ? "new" : "old")
            + ": "
            + limit
            + " time a log entry can have",
        cause);
  }

  /** " (ISO-8601)" for a protobuf Timestamp, or "" when even an Instant cannot hold it. */
  private static String instantText(long seconds, int nanos) {
    try {
      return " (" + Instant.ofEpochSecond(seconds, nanos) + ")";
    } catch (DateTimeException e) {
      return "";
    }
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "the end of the body";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case END_ARRAY -> "the end of the array";
      case END_OBJECT -> "the end of the object";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
