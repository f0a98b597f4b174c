package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.support.BadRequestException;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.TraceEntry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Tracemate's own correlation endpoint, {@code GET /api/logs/trace/{traceID}?spanID=&start=&end=&limit=}:
 * the tenants' log entries that carry the trace ID (and the span ID, when given) in their structured metadata,
 * across every stream, oldest first, answered from the store's trace index. The trace view's "jump to logs"
 * uses it.
 *
 * <p>Response: {@code {"traceID","spanID"(or null),"limit","entries":[{"timestamp":"<ns>","stream":{...},
 * "line":"...","metadata":{...}}]}}. Times as in the Loki API (RFC 3339, Unix seconds or nanoseconds); the window
 * defaults to the {@value #DEFAULT_LOOKBACK_DAYS} days before now. Thread-safe.
 */
final class TraceLogsApi {
  static final int DEFAULT_LOOKBACK_DAYS = 7;
  static final int DEFAULT_LIMIT = 1000;

  private final LogReader reader;
  private final Clock clock;
  private final int maxLimit;
  private final LokiEndpoints endpoints;

  TraceLogsApi(LogReader reader, Clock clock, int maxLimit, LokiEndpoints endpoints) {
    this.reader = reader;
    this.clock = clock;
    this.maxLimit = maxLimit;
    this.endpoints = endpoints;
  }

  HttpResponse traceLogs(LokiRequest request, ServiceRequestContext ctx) {
    String traceId = hexId(ctx.pathParam("traceID"), "traceID", 32);
    String spanParam = request.params().get("spanID");
    String spanId =
        spanParam == null || spanParam.isEmpty() ? null : hexId(spanParam, "spanID", 16);
    long now = Parameters.epochNanos(clock.instant());
    long end = LokiParams.timestamp("end", request.params().get("end"), now);
    long start =
        LokiParams.timestamp(
            "start",
            request.params().get("start"),
            end - Duration.ofDays(DEFAULT_LOOKBACK_DAYS).toNanos());
    if (end < start) {
      throw new BadRequestException("end timestamp must not be before or equal to start time");
    }
    int limit =
        request.params().contains("limit") ? LokiParams.limit(request.params()) : DEFAULT_LIMIT;
    if (limit > maxLimit) {
      throw new BadRequestException(
          "max entries limit per query exceeded, limit > max_entries_limit_per_query ("
              + limit
              + " > "
              + maxLimit
              + ")");
    }
    ScanStats scan = new ScanStats();
    List<TraceEntry> entries;
    try {
      entries =
          reader.byTrace(
              request.tenants(), traceId, spanId, start, end, limit, scan, request.cancellation());
    } finally {
      endpoints.recordScan(ctx, request.tenants(), scan);
    }
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("traceID", traceId);
          out.writeStringField("spanID", spanId);
          out.writeNumberField("limit", limit);
          out.writeArrayFieldStart("entries");
          for (TraceEntry entry : entries) {
            out.writeStartObject();
            out.writeStringField("timestamp", Long.toString(entry.entry().timestampNanos()));
            out.writeFieldName("stream");
            LokiJson.writeLabels(out, entry.stream().labels());
            out.writeStringField("line", entry.entry().line());
            out.writeFieldName("metadata");
            LokiJson.writeLabels(out, entry.entry().metadata());
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  /**
   * Lowercase hex, left-padded with zeros to {@code width} digits (Jaeger and Zipkin clients may send 64-bit
   * trace IDs or drop leading zeros).
   */
  static String hexId(String text, String name, int width) {
    if (text == null || text.isEmpty() || text.length() > width) {
      throw LokiParams.invalid(
          name, "expected 1 to " + width + " hex digits, got \"" + text + "\"");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        throw LokiParams.invalid(
            name, "'" + c + "' at position " + (i + 1) + " of \"" + text + "\" is not a hex digit");
      }
    }
    String hex = "0".repeat(width - text.length()) + text.toLowerCase(Locale.ROOT);
    if (hex.chars().allMatch(c -> c == '0')) {
      throw LokiParams.invalid(name, "an all-zero ID is invalid");
    }
    return hex;
  }
}
