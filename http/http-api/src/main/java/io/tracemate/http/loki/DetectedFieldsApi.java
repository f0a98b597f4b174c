package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.QueryLimitException;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logql.syntax.LogSelectorExpr;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.ScanStats;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loki's {@code /detected_fields} and {@code /detected_field/{name}/values}: the fields of the newest
 * {@code line_limit} lines a log query returns (structured metadata, the query's parsed labels, and what the json
 * or logfmt parser finds in the line; see {@link DetectedFields}), answered as Loki does:
 * {@code {"fields":[{"label","type","cardinality","parsers","jsonPath"}],"limit"}} with {@code "parsers": null}
 * for structured metadata, and {@code {"values":[...],"limit"}}; {@code {}} when nothing was found.
 *
 * <p>Differences from Loki, all in what is counted, not in the shape: {@code line_limit} (default
 * {@value #DEFAULT_LINE_LIMIT}) counts lines for the whole request, where Loki reads 100 per shard of each split;
 * cardinality is exact (Loki estimates it with HyperLogLog); a field's type is its values' common type ({@code float}
 * for ints and floats mixed, else {@code string}) where Loki keeps the type of the last value it saw. Fields and
 * values come sorted. Bounded by {@code max_entries_limit_per_query} (on {@code line_limit}, as Loki checks it),
 * {@code max_query_length}, {@code max_query_bytes_read} and {@code query_timeout}. Thread-safe.
 */
final class DetectedFieldsApi {
  static final int DEFAULT_LINE_LIMIT = 1000;

  private final LogReader reader;
  private final TenantQueryLimits limits;
  private final Clock clock;
  private final LokiEndpoints endpoints;

  DetectedFieldsApi(
      LogReader reader, TenantQueryLimits limits, Clock clock, LokiEndpoints endpoints) {
    this.reader = reader;
    this.limits = limits;
    this.clock = clock;
    this.endpoints = endpoints;
  }

  HttpResponse detectedFields(LokiRequest request, ServiceRequestContext ctx) {
    int fieldLimit = DiscoveryParams.fieldLimit(request.params());
    DetectedFields found = scan(request, ctx, fieldLimit);
    List<DetectedFields.Field> fields = found.fields();
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          if (!fields.isEmpty()) {
            out.writeArrayFieldStart("fields");
            for (DetectedFields.Field field : fields) {
              out.writeStartObject();
              out.writeStringField("label", field.name);
              out.writeStringField("type", field.type == null ? FieldTypes.STRING : field.type);
              out.writeNumberField("cardinality", field.values.size());
              out.writeFieldName("parsers");
              if (field.parsers.isEmpty()) {
                out.writeNull();
              } else {
                out.writeStartArray();
                for (String parser : field.parsers) {
                  out.writeString(parser);
                }
                out.writeEndArray();
              }
              if (!field.jsonPath.isEmpty()) {
                out.writeArrayFieldStart("jsonPath");
                for (String part : field.jsonPath) {
                  out.writeString(part);
                }
                out.writeEndArray();
              }
              out.writeEndObject();
            }
            out.writeEndArray();
            out.writeNumberField("limit", fieldLimit);
          }
          out.writeEndObject();
        });
  }

  HttpResponse detectedFieldValues(LokiRequest request, ServiceRequestContext ctx) {
    String name = ctx.pathParam("name");
    int valueLimit = DiscoveryParams.fieldLimit(request.params());
    DetectedFields found = scan(request, ctx, Integer.MAX_VALUE);
    Set<String> listed = new LinkedHashSet<>();
    for (String value : found.values(name)) {
      if (listed.size() >= valueLimit) {
        break;
      }
      listed.add(FieldTypes.listed(value));
    }
    List<String> values = new ArrayList<>(listed);
    values.sort(null);
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          if (!values.isEmpty()) {
            out.writeNumberField("limit", valueLimit);
            out.writeArrayFieldStart("values");
            for (String value : values) {
              out.writeString(value);
            }
            out.writeEndArray();
          }
          out.writeEndObject();
        });
  }

  private DetectedFields scan(LokiRequest request, ServiceRequestContext ctx, int fieldLimit) {
    EngineLimits limits = this.limits.forScope(request.tenants());
    LogSelectorExpr query =
        LogQL.parseLogQuery(LokiParams.requiredQuery(request.params()), limits.parseLimits());
    LokiParams.Bounds bounds =
        LokiParams.orderedBounds(request.params(), Parameters.epochNanos(clock.instant()));
    int lineLimit =
        DiscoveryParams.lineLimit(
            request.params(), Math.min(DEFAULT_LINE_LIMIT, limits.maxEntries()));
    DiscoveryParams.step(request.params(), bounds);
    if (lineLimit > limits.maxEntries()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_ENTRIES,
          "max entries limit per query exceeded, limit > "
              + "max_entries_limit ("
              + lineLimit
              + " > "
              + limits.maxEntries()
              + ")");
    }
    RequestBudget budget =
        RequestBudget.start(limits, request.cancellation(), bounds.startNanos(), bounds.endNanos());
    ScanStats scan = new ScanStats();
    DetectedFields fields = new DetectedFields(fieldLimit);
    try {
      for (NewestLines.Line line :
          NewestLines.read(
              reader,
              request.tenants(),
              query,
              bounds.startNanos(),
              bounds.endNanos(),
              lineLimit,
              budget,
              scan)) {
        fields.add(line);
      }
    } finally {
      endpoints.recordScan(ctx, request.tenants(), scan);
    }
    return fields;
  }
}
