package io.tracemate.codec.logs;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.tracemate.codec.RejectionSummary;
import io.tracemate.codec.UnixNanos;
import io.tracemate.codec.otlp.OtlpJson;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import io.tracemate.model.Hex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP logs ({@code ExportLogsServiceRequest}) to log streams, with the label mapping of {@link OtlpLogLabels}:
 * records group into streams by their resource's mapped labels plus {@code level}; everything else goes to
 * structured metadata. The line is the body (strings as they are, other bodies as compact JSON); the timestamp
 * is {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the time of receipt.
 *
 * <p>A record whose trace ID is not 0 or 16 bytes, or whose span ID is not 0 or 8 bytes, is rejected (reported as
 * OTLP partial success); all-zero IDs count as absent. So is a record whose time lies beyond signed 64-bit
 * nanoseconds (after 2262; OTLP's {@code fixed64} reaches 2554), which would otherwise wrap around to before 1970. Streams come out in order of first appearance, entries in
 * request order. Stateless; thread-safe.
 */
public final class OtlpLogDecoder {
  private OtlpLogDecoder() {}

  /**
   * Parses an OTLP/JSON {@code ExportLogsServiceRequest} (hex trace/span IDs, as OTLP/JSON has them).
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  public static ExportLogsServiceRequest parseJson(byte[] json) {
    return OtlpJson.parseLogsRequest(json);
  }

  /**
   * @param receivedNanos the timestamp of records that carry neither time nor observed time
   */
  public static DecodedLogs decode(ExportLogsServiceRequest request, long receivedNanos) {
    Map<LabelSet, List<LogEntry>> streams = new LinkedHashMap<>();
    RejectionSummary rejections = new RejectionSummary("log record", "log records", "rejected");
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      ResourceMapping resource = ResourceMapping.of(resourceLogs.getResource().getAttributesList());
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        InstrumentationScope scope = scopeLogs.getScope();
        List<LogRecord> records = scopeLogs.getLogRecordsList();
        for (int i = 0; i < records.size(); i++) {
          LogRecord record = records.get(i);
          String problem = idProblem(record);
          if (problem == null) {
            problem = timeProblem(record);
          }
          if (problem != null) {
            int index = i;
            String why = problem;
            rejections.add(
                out ->
                    out.append("record ")
                        .append(index)
                        .append(" of scope '")
                        .append(scope.getName())
                        .append("' ")
                        .append(why));
            continue;
          }
          LabelSet labels =
              resource.labels(
                  OtlpLogLabels.level(record.getSeverityNumberValue(), record.getSeverityText()));
          streams
              .computeIfAbsent(labels, unused -> new ArrayList<>())
              .add(entry(record, resource, scope, receivedNanos));
        }
      }
    }
    List<LogStream> out = new ArrayList<>(streams.size());
    streams.forEach((labels, entries) -> out.add(new LogStream(labels, entries)));
    return new DecodedLogs(out, rejections.count(), rejections.message());
  }

  private static LogEntry entry(
      LogRecord record, ResourceMapping resource, InstrumentationScope scope, long receivedNanos) {
    Map<String, String> metadata = new LinkedHashMap<>(resource.metadata);
    if (!scope.getName().isEmpty()) {
      metadata.put("scope_name", scope.getName());
    }
    if (!scope.getVersion().isEmpty()) {
      metadata.put("scope_version", scope.getVersion());
    }
    for (KeyValue attribute : record.getAttributesList()) {
      metadata.put(
          OtlpLogLabels.metadataName(attribute.getKey()), AttributeText.of(attribute.getValue()));
    }
    if (isPresent(record.getTraceId())) {
      metadata.put(LogEntry.TRACE_ID, Hex.toHex(record.getTraceId().toByteArray()));
    }
    if (isPresent(record.getSpanId())) {
      metadata.put(LogEntry.SPAN_ID, Hex.toHex(record.getSpanId().toByteArray()));
    }
    long timestamp =
        record.getTimeUnixNano() != 0
            ? record.getTimeUnixNano()
            : record.getObservedTimeUnixNano() != 0
                ? record.getObservedTimeUnixNano()
                : receivedNanos;
    String line = record.hasBody() ? AttributeText.of(record.getBody()) : "";
    return new LogEntry(
        timestamp, line, metadata.isEmpty() ? LabelSet.EMPTY : LabelSet.of(metadata));
  }

  /**
   * Times past 2262 do not fit the signed nanoseconds entries keep: refused here, by the time the sender meant,
   * rather than wrapped around into a date before 1970 (the year 2500 would read as 1915). In range, Loki's
   * limits ({@code reject_old_samples_max_age}, {@code creation_grace_period}) judge the time later.
   */
  private static String timeProblem(LogRecord record) {
    long time =
        record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
    if (!UnixNanos.isBeyondLatest(time)) {
      return null;
    }
    return "has timestamp too new: "
        + UnixNanos.describe(time)
        + " ("
        + (record.getTimeUnixNano() != 0 ? "time_unix_nano " : "observed_time_unix_nano ")
        + Long.toUnsignedString(time)
        + "), after "
        + UnixNanos.describe(UnixNanos.LATEST)
        + ", the latest time a log entry can have";
  }

  private static String idProblem(LogRecord record) {
    int traceBytes = record.getTraceId().size();
    if (traceBytes != 0 && traceBytes != 16) {
      return "has a trace ID of " + traceBytes + " bytes (want 16)";
    }
    int spanBytes = record.getSpanId().size();
    if (spanBytes != 0 && spanBytes != 8) {
      return "has a span ID of " + spanBytes + " bytes (want 8)";
    }
    return null;
  }

  private static boolean isPresent(ByteString id) {
    for (int i = 0; i < id.size(); i++) {
      if (id.byteAt(i) != 0) {
        return true;
      }
    }
    return false;
  }

  /** One resource's stream labels (by level, computed once each) and its metadata. */
  private static final class ResourceMapping {
    final Map<String, String> labels;
    final Map<String, String> metadata;
    private final Map<String, LabelSet> byLevel = new HashMap<>();

    private ResourceMapping(Map<String, String> labels, Map<String, String> metadata) {
      this.labels = labels;
      this.metadata = metadata;
    }

    static ResourceMapping of(List<KeyValue> attributes) {
      Map<String, String> labels = new HashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      // deployment.environment.name is the current convention; it wins over the older
      // deployment.environment.
      String currentEnv = null;
      for (KeyValue attribute : attributes) {
        String label = OtlpLogLabels.labelFor(attribute.getKey());
        String value = AttributeText.of(attribute.getValue());
        if (label == null) {
          metadata.put(OtlpLogLabels.metadataName(attribute.getKey()), value);
        } else if (attribute.getKey().equals("deployment.environment.name")) {
          currentEnv = value;
        } else if (!value.isEmpty()) {
          labels.put(label, value);
        }
      }
      if (currentEnv != null && !currentEnv.isEmpty()) {
        labels.put("env", currentEnv);
      }
      labels.putIfAbsent(OtlpLogLabels.SERVICE_NAME, OtlpLogLabels.UNKNOWN_SERVICE);
      return new ResourceMapping(Map.copyOf(labels), metadata);
    }

    LabelSet labels(String level) {
      return byLevel.computeIfAbsent(
          level == null ? "" : level,
          key -> {
            LabelSet base = LabelSet.of(labels);
            return key.isEmpty() ? base : base.with(OtlpLogLabels.LEVEL, key);
          });
    }
  }
}
