package io.tracemate.codec.otlp;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.io.IOException;

/**
 * The OTLP/JSON log messages (ResourceLogs down to LogRecord), read from a {@link ProtoJsonCursor} positioned on
 * a ResourceLogs value, with the same rules as {@link OtlpTracesJson}; resource, scope, attributes and bodies are
 * {@link OtlpCommonJson}'s. Stateless.
 */
final class OtlpLogsJson {
  private OtlpLogsJson() {}

  static ResourceLogs resourceLogs(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    ResourceLogs.Builder resourceLogs = ResourceLogs.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "resource" -> resourceLogs.setResource(OtlpCommonJson.resource(in));
        case "scopeLogs", "scope_logs" -> {
          resourceLogs.clearScopeLogs();
          in.expectArray();
          while (in.nextElement()) {
            resourceLogs.addScopeLogs(scopeLogs(in));
          }
        }
        case "schemaUrl", "schema_url" -> resourceLogs.setSchemaUrl(in.string());
        default -> in.skip();
      }
    }
    return resourceLogs.build();
  }

  private static ScopeLogs scopeLogs(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    ScopeLogs.Builder scopeLogs = ScopeLogs.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "scope" -> scopeLogs.setScope(OtlpCommonJson.scope(in));
        case "logRecords", "log_records" -> {
          scopeLogs.clearLogRecords();
          in.expectArray();
          while (in.nextElement()) {
            scopeLogs.addLogRecords(logRecord(in));
          }
        }
        case "schemaUrl", "schema_url" -> scopeLogs.setSchemaUrl(in.string());
        default -> in.skip();
      }
    }
    return scopeLogs.build();
  }

  private static LogRecord logRecord(ProtoJsonCursor in) throws IOException {
    in.expectObject();
    LogRecord.Builder record = LogRecord.newBuilder();
    for (String name = in.nextField(); name != null; name = in.nextField()) {
      if (in.isNull()) {
        continue;
      }
      switch (name) {
        case "timeUnixNano", "time_unix_nano" -> record.setTimeUnixNano(in.uint64());
        case "observedTimeUnixNano", "observed_time_unix_nano" ->
            record.setObservedTimeUnixNano(in.uint64());
        case "severityNumber", "severity_number" -> {
          Integer severity = in.enumNumber(SeverityNumber.getDescriptor());
          if (severity != null) {
            record.setSeverityNumberValue(severity);
          }
        }
        case "severityText", "severity_text" -> record.setSeverityText(in.string());
        case "body" -> record.setBody(OtlpCommonJson.anyValue(in));
        case "attributes" -> {
          record.clearAttributes();
          OtlpCommonJson.keyValues(in, record::addAttributes);
        }
        case "droppedAttributesCount", "dropped_attributes_count" ->
            record.setDroppedAttributesCount(in.uint32());
        case "flags" -> record.setFlags(in.uint32());
        case "traceId" -> record.setTraceId(in.hexId());
        case "trace_id" -> record.setTraceId(in.base64());
        case "spanId" -> record.setSpanId(in.hexId());
        case "span_id" -> record.setSpanId(in.base64());
        case "eventName", "event_name" -> record.setEventName(in.string());
        default -> in.skip();
      }
    }
    return record.build();
  }
}
