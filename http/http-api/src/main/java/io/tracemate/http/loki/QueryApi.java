package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.LogQLEngine;
import io.tracemate.logql.engine.LogQueryRequest;
import io.tracemate.logql.engine.QueryResult;
import io.tracemate.logql.engine.ResultStream;
import io.tracemate.logql.engine.StreamsResult;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logs.Direction;
import io.tracemate.logs.ScanStats;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code /loki/api/v1/query} and {@code /loki/api/v1/query_range}: parameters as Loki reads them, evaluation by
 * the {@link LogQLEngine} (which splits long ranges, runs the parts in parallel and enforces the entries, length,
 * series, bytes and time limits), and Loki's JSON with a {@code stats} object. Thread-safe.
 */
final class QueryApi {
  private final LogQLEngine engine;
  private final EngineLimits limits;
  private final Clock clock;
  private final LokiEndpoints endpoints;

  QueryApi(LogQLEngine engine, EngineLimits limits, Clock clock, LokiEndpoints endpoints) {
    this.engine = engine;
    this.limits = limits;
    this.clock = clock;
    this.endpoints = endpoints;
  }

  HttpResponse rangeQuery(LokiRequest request, ServiceRequestContext ctx) {
    LokiParams.RangeQuery query =
        LokiParams.rangeQuery(request.params(), Parameters.epochNanos(clock.instant()));
    LogQueryRequest engineRequest =
        new LogQueryRequest(
            request.tenants(),
            query.query(),
            query.startNanos(),
            query.endNanos(),
            query.stepNanos(),
            query.intervalNanos(),
            query.direction(),
            query.limit(),
            false);
    int splits = splits(query.endNanos() - query.startNanos());
    return execute(request, ctx, engineRequest, query.direction(), splits);
  }

  HttpResponse instantQuery(LokiRequest request, ServiceRequestContext ctx) {
    LokiParams.InstantQuery query =
        LokiParams.instantQuery(request.params(), Parameters.epochNanos(clock.instant()));
    LogQueryRequest engineRequest =
        new LogQueryRequest(
            request.tenants(),
            query.query(),
            query.timeNanos(),
            query.timeNanos(),
            0,
            0,
            query.direction(),
            query.limit(),
            true);
    return execute(request, ctx, engineRequest, query.direction(), 1);
  }

  /** {@code {"status":"success","data":"<canonical LogQL>"}}: the query as the parser prints it back. */
  HttpResponse formatQuery(LokiRequest request, ServiceRequestContext ctx) {
    String formatted =
        LogQL.parse(LokiParams.requiredQuery(request.params()), limits.parseLimits()).toString();
    return MetadataApi.success(out -> out.writeString(formatted));
  }

  private HttpResponse execute(
      LokiRequest request,
      ServiceRequestContext ctx,
      LogQueryRequest engineRequest,
      Direction direction,
      int splits) {
    long started = System.nanoTime();
    long queued = Math.max(0, started - ctx.log().partial().requestStartTimeNanos());
    ScanStats scan = new ScanStats();
    QueryResult result;
    try {
      result = engine.execute(engineRequest, scan, request.cancellation());
    } finally {
      endpoints.recordScan(ctx, request.tenants(), scan);
    }
    long exec = System.nanoTime() - started;
    List<ResultStream> streams =
        result instanceof StreamsResult s
            ? StreamGrouping.group(s.streams(), request.categorizeLabels(), direction)
            : List.of();
    QueryStatistics stats =
        QueryStatistics.of(exec, queued, scan, QueryResultJson.entriesReturned(result), splits);
    return JsonBody.ok(
        out -> QueryResultJson.write(out, result, streams, stats, request.categorizeLabels()));
  }

  private int splits(long rangeNanos) {
    Duration split = limits.splitInterval();
    if (split == null || split.isZero() || split.isNegative()) {
      return 1;
    }
    long parts = (rangeNanos + split.toNanos() - 1) / split.toNanos();
    return (int) Math.max(1, Math.min(parts, Integer.MAX_VALUE));
  }
}
