package io.tracemate.http.loki;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.tracemate.http.loki.patterns.PatternMiner;
import io.tracemate.http.support.JsonBody;
import io.tracemate.http.support.Parameters;
import io.tracemate.logql.engine.EngineLimits;
import io.tracemate.logql.engine.TenantQueryLimits;
import io.tracemate.logs.Direction;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.StreamStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Loki's {@code /patterns}: the log patterns of the selected streams over the range, with their line counts per
 * step, {@code {"status":"success","data":[{"pattern":"<_> level=info msg=<_>","level":"info",
 * "samples":[[<unix seconds>,<lines>],...]}]}}; each pattern can go straight into a {@code |>} line filter.
 *
 * <p>Loki mines patterns at ingest in its pattern ingester; Tracemate mines them when asked, with the same Drain
 * miner ({@link PatternMiner}), from the lines in the store. To bound the cost, at most
 * {@value #MAX_MINED_LINES} lines are mined per request: when the index says the range holds more, every n-th line
 * of each stream is mined and counts for n, so counts are then estimates (the answer says nothing else of it, as
 * Loki's has no field for it). The level is the line's {@code detected_level} (structured metadata or label), else
 * its stream's {@code level} label, else {@code unknown}. The step is at least 10 s (Loki's sample resolution).
 * Reading is bounded by {@code max_query_length}, {@code max_query_bytes_read} and {@code query_timeout}.
 * Thread-safe.
 */
final class PatternsApi {
  /** Lines mined per request at most; beyond, lines are sampled evenly. */
  static final int MAX_MINED_LINES = 100_000;

  /** Loki's pattern sample resolution ({@code drain.TimeResolution}). */
  static final long MIN_STEP_NANOS = 10_000_000_000L;

  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "fatal", "critical");
  private static final Map<String, String> LEVEL_ALIASES =
      Map.of(
          "warning",
          "warn",
          "err",
          "error",
          "crit",
          "critical",
          "dbg",
          "debug",
          "inf",
          "info",
          "wrn",
          "warn",
          "eror",
          "error",
          "trc",
          "trace",
          "panic",
          "critical",
          "emerg",
          "fatal");

  private final LogReader reader;
  private final TenantQueryLimits limits;
  private final Clock clock;
  private final LokiEndpoints endpoints;
  private final int maxMinedLines;

  PatternsApi(LogReader reader, TenantQueryLimits limits, Clock clock, LokiEndpoints endpoints) {
    this(reader, limits, clock, endpoints, MAX_MINED_LINES);
  }

  PatternsApi(
      LogReader reader,
      TenantQueryLimits limits,
      Clock clock,
      LokiEndpoints endpoints,
      int maxMinedLines) {
    this.reader = reader;
    this.limits = limits;
    this.clock = clock;
    this.endpoints = endpoints;
    this.maxMinedLines = maxMinedLines;
  }

  HttpResponse patterns(LokiRequest request, ServiceRequestContext ctx) {
    EngineLimits limits = this.limits.forScope(request.tenants());
    List<List<LabelMatcher>> selectors =
        Selectors.of(LokiParams.requiredQuery(request.params()), limits.parseLimits());
    LokiParams.Bounds bounds =
        LokiParams.orderedBounds(request.params(), Parameters.epochNanos(clock.instant()));
    long step = Math.max(DiscoveryParams.step(request.params(), bounds), MIN_STEP_NANOS);
    RequestBudget budget =
        RequestBudget.start(limits, request.cancellation(), bounds.startNanos(), bounds.endNanos());

    Map<Long, StreamRef> streams = new LinkedHashMap<>();
    long lines = 0;
    for (List<LabelMatcher> matchers : selectors) {
      for (StreamStats stats :
          reader.streamStats(selection(request, matchers, bounds), request.cancellation())) {
        if (streams.putIfAbsent(stats.stream().id(), stats.stream()) == null) {
          lines += stats.entries();
        }
      }
    }
    long stride = Math.max(1, (lines + maxMinedLines - 1) / maxMinedLines);

    PatternMiner miner = new PatternMiner(step);
    ScanStats scan = new ScanStats();
    try {
      mine(request, selectors, bounds, streams, stride, miner, budget, scan);
    } finally {
      endpoints.recordScan(ctx, request.tenants(), scan);
    }
    List<PatternMiner.PatternSeries> patterns = miner.patterns();
    return JsonBody.ok(
        out -> {
          out.writeStartObject();
          out.writeStringField("status", "success");
          out.writeArrayFieldStart("data");
          for (PatternMiner.PatternSeries series : patterns) {
            out.writeStartObject();
            out.writeStringField("pattern", series.pattern());
            out.writeStringField("level", series.level());
            out.writeArrayFieldStart("samples");
            for (long[] sample : series.samples()) {
              out.writeStartArray();
              out.writeNumber(sample[0]);
              out.writeNumber(sample[1]);
              out.writeEndArray();
            }
            out.writeEndArray();
            out.writeEndObject();
          }
          out.writeEndArray();
          out.writeEndObject();
        });
  }

  private void mine(
      LokiRequest request,
      List<List<LabelMatcher>> selectors,
      LokiParams.Bounds bounds,
      Map<Long, StreamRef> streams,
      long stride,
      PatternMiner miner,
      RequestBudget budget,
      ScanStats scan) {
    Set<Long> done = new HashSet<>();
    for (List<LabelMatcher> matchers : selectors) {
      LogSelection selection = selection(request, matchers, bounds);
      for (StreamRef stream : reader.streams(selection, request.cancellation())) {
        if (!streams.containsKey(stream.id()) || !done.add(stream.id())) {
          continue;
        }
        long inStream = 0;
        try (LogCursor cursor =
            reader.entries(
                selection, stream, Direction.FORWARD, List.of(), scan, budget.cancellation())) {
          while (cursor.hasNext()) {
            LogEntry entry = cursor.next();
            budget.countEntry(scan);
            long ts = entry.timestampNanos();
            if (ts < bounds.startNanos() || ts >= bounds.endNanos() || inStream++ % stride != 0) {
              continue;
            }
            miner.add(level(stream.labels(), entry), ts, entry.line(), stride);
          }
        }
      }
    }
  }

  /** The line's level as Loki's pattern ingester files it: a known level, or {@code unknown}. */
  static String level(LabelSet stream, LogEntry entry) {
    String level = entry.metadata().get("detected_level");
    if (level == null) {
      level = stream.get("detected_level");
    }
    if (level == null) {
      level = stream.get("level");
    }
    if (level == null) {
      level = entry.metadata().get("level");
    }
    if (level == null) {
      return "unknown";
    }
    String lower = level.strip().toLowerCase(Locale.ROOT);
    lower = LEVEL_ALIASES.getOrDefault(lower, lower);
    return LEVELS.contains(lower) ? lower : "unknown";
  }

  private static LogSelection selection(
      LokiRequest request, List<LabelMatcher> matchers, LokiParams.Bounds bounds) {
    return new LogSelection(request.tenants(), matchers, bounds.startNanos(), bounds.endNanos());
  }
}
