package io.tracemate.bench.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.loki4j.pkg.google.protobuf.Timestamp;
import com.github.loki4j.pkg.loki.protobuf.Push;
import io.tracemate.logs.model.Label;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.xerial.snappy.Snappy;

/**
 * The two bodies of Loki's push API, {@code POST /loki/api/v1/push}, as Promtail, Alloy and the Loki clients send
 * them: JSON ({@code {"streams":[{"stream":{...},"values":[["<ns>","line",{metadata}]]}]}}) or a snappy (block
 * format) compressed {@code logproto.PushRequest}. Structured metadata (the trace context) travels with each entry.
 * Stateless; thread-safe.
 */
public enum PushFormat {
  JSON("application/json") {
    @Override
    byte[] encode(List<LogStream> streams) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(estimate(streams));
      try (JsonGenerator json = JSON_FACTORY.createGenerator(out)) {
        json.writeStartObject();
        json.writeArrayFieldStart("streams");
        for (LogStream stream : streams) {
          json.writeStartObject();
          json.writeObjectFieldStart("stream");
          for (Label label : stream.labels().labels()) {
            json.writeStringField(label.name(), label.value());
          }
          json.writeEndObject();
          json.writeArrayFieldStart("values");
          for (LogEntry entry : stream.entries()) {
            json.writeStartArray();
            json.writeString(Long.toString(entry.timestampNanos()));
            json.writeString(entry.line());
            if (!entry.metadata().isEmpty()) {
              json.writeStartObject();
              for (Label pair : entry.metadata().labels()) {
                json.writeStringField(pair.name(), pair.value());
              }
              json.writeEndObject();
            }
            json.writeEndArray();
          }
          json.writeEndArray();
          json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write a Loki JSON push", e);
      }
      return out.toByteArray();
    }
  },

  PROTOBUF("application/x-protobuf") {
    @Override
    byte[] encode(List<LogStream> streams) {
      Push.PushRequest.Builder request = Push.PushRequest.newBuilder();
      for (LogStream stream : streams) {
        Push.StreamAdapter.Builder adapter =
            request.addStreamsBuilder().setLabels(stream.labels().toString());
        for (LogEntry entry : stream.entries()) {
          Push.EntryAdapter.Builder out =
              adapter
                  .addEntriesBuilder()
                  .setTimestamp(
                      Timestamp.newBuilder()
                          .setSeconds(Math.floorDiv(entry.timestampNanos(), NANOS_PER_SECOND))
                          .setNanos((int) Math.floorMod(entry.timestampNanos(), NANOS_PER_SECOND)))
                  .setLine(entry.line());
          for (Label pair : entry.metadata().labels()) {
            out.addStructuredMetadataBuilder().setName(pair.name()).setValue(pair.value());
          }
        }
      }
      try {
        return Snappy.compress(request.build().toByteArray());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot snappy-compress a Loki protobuf push", e);
      }
    }
  };

  private static final JsonFactory JSON_FACTORY = new JsonFactory();
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final String contentType;

  PushFormat(String contentType) {
    this.contentType = contentType;
  }

  /** The request body for these streams. */
  abstract byte[] encode(List<LogStream> streams);

  String contentType() {
    return contentType;
  }

  String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code json} or {@code protobuf}. */
  static PushFormat fromCliName(String name) {
    for (PushFormat format : values()) {
      if (format.cliName().equals(name.trim().toLowerCase(Locale.ROOT))) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown push format '" + name + "' (expected json or protobuf)");
  }

  private static int estimate(List<LogStream> streams) {
    long bytes = 64;
    for (LogStream stream : streams) {
      bytes += 200 + stream.lineBytes() + 120L * stream.entries().size();
    }
    return (int) Math.min(Integer.MAX_VALUE - 16, bytes);
  }
}
