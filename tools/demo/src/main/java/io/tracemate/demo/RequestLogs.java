package io.tracemate.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanKind;
import java.util.Locale;

/**
 * The request log line each service writes when it finishes handling a request: one per SERVER
 * span ({@code GET /orders/ORD-0123456789 200 45ms}, {@code inventory.v1.InventoryService/GetStock OK 3ms})
 * and per CONSUMER span (a processed Kafka record or batch). Written at the span's end, with the
 * span's trace and span IDs.
 */
final class RequestLogs {

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  private static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  private static final AttributeKey<Long> GRPC_STATUS =
      AttributeKey.longKey("rpc.grpc.status_code");
  private static final AttributeKey<String> USER = AttributeKey.stringKey("enduser.id");
  private static final AttributeKey<String> TOPIC =
      AttributeKey.stringKey("messaging.destination.name");
  private static final AttributeKey<Long> PARTITION =
      AttributeKey.longKey("messaging.kafka.destination.partition");
  private static final AttributeKey<Long> OFFSET =
      AttributeKey.longKey("messaging.kafka.message.offset");
  private static final AttributeKey<Long> BATCH =
      AttributeKey.longKey("messaging.batch.message_count");

  private RequestLogs() {}

  /** The request log of {@code plan} (already ended), or null for spans that are not requests. */
  static PlannedEvent.AppLog of(SpanPlan plan) {
    if (plan.kind() != SpanKind.SERVER && plan.kind() != SpanKind.CONSUMER) {
      return null;
    }
    Attributes span = plan.attributes();
    long durationNanos = plan.endNanos() - plan.startNanos();
    String took = millis(durationNanos);
    AttributesBuilder fields =
        Attributes.builder().put("duration_ms", Math.round(durationNanos / 1e6));
    String message;
    LogSeverity severity = LogSeverity.INFO;
    if (span.get(METHOD) != null) {
      long status = span.get(STATUS) == null ? 0 : span.get(STATUS);
      message = span.get(METHOD) + " " + span.get(PATH) + " " + status + " " + took;
      fields.put(METHOD, span.get(METHOD)).put(ROUTE, span.get(ROUTE)).put(STATUS, status);
      severity = status >= 500 ? LogSeverity.WARN : LogSeverity.INFO;
    } else if (span.get(RPC_METHOD) != null) {
      long code = span.get(GRPC_STATUS) == null ? 0 : span.get(GRPC_STATUS);
      message =
          span.get(RPC_SERVICE) + "/" + span.get(RPC_METHOD) + " " + grpcStatus(code) + " " + took;
      fields
          .put(RPC_SERVICE, span.get(RPC_SERVICE))
          .put(RPC_METHOD, span.get(RPC_METHOD))
          .put(GRPC_STATUS, code);
      severity = code == Reply.Rpc.OK ? LogSeverity.INFO : LogSeverity.WARN;
    } else if (span.get(BATCH) != null) {
      message =
          "Processed batch of "
              + span.get(BATCH)
              + " records from "
              + span.get(TOPIC)
              + " in "
              + took;
      fields.put(TOPIC, span.get(TOPIC));
    } else {
      message =
          "Processed record "
              + span.get(TOPIC)
              + "-"
              + span.get(PARTITION)
              + "@"
              + span.get(OFFSET)
              + " in "
              + took;
      fields.put(TOPIC, span.get(TOPIC));
    }
    if (span.get(USER) != null) {
      fields.put("user.id", span.get(USER));
    }
    return new PlannedEvent.AppLog(
        plan.endNanos(),
        severity,
        ServiceLogging.requestLogger(plan.service().service()),
        message,
        fields.build(),
        null);
  }

  private static String grpcStatus(long code) {
    return code == Reply.Rpc.OK
        ? "OK"
        : code == Reply.Rpc.UNAVAILABLE ? "UNAVAILABLE" : "CODE_" + code;
  }

  /** "45ms"; below 10 ms with one decimal ("0.8ms"), as request logs usually print. */
  static String millis(long nanos) {
    double millis = nanos / 1e6;
    return millis < 10 ? String.format(Locale.ROOT, "%.1fms", millis) : Math.round(millis) + "ms";
  }
}
