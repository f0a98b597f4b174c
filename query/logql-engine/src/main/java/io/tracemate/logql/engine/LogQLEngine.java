package io.tracemate.logql.engine;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logql.engine.pipeline.LabelsBuilder;
import io.tracemate.logql.engine.pipeline.Matchers;
import io.tracemate.logql.engine.pipeline.Pipeline;
import io.tracemate.logql.engine.pipeline.PipelineContext;
import io.tracemate.logql.syntax.Expr;
import io.tracemate.logql.syntax.LogQL;
import io.tracemate.logql.syntax.LogSelectorExpr;
import io.tracemate.logql.syntax.SampleExpr;
import io.tracemate.logs.CrossTenantReader;
import io.tracemate.logs.Direction;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Evaluates LogQL over a {@link LogReader}: log queries (streams), range and instant metric queries.
 *
 * <p>Long ranges are split at multiples of {@link EngineLimits#splitInterval()} and the parts evaluated in parallel
 * on the executor, at most {@link EngineLimits#parallelism()} at a time: log queries part by part in the requested
 * direction, stopping once the limit is reached; metric queries by groups of steps, each group reading only the
 * window its steps need, so split and unsplit evaluation give identical results.
 *
 * <p>Every query runs under a {@link Cancellation}: its deadline is the query time-out, and the caller cancels it
 * when nobody waits for the answer any more. Every part checks it (per few hundred entries, per chunk in the store,
 * inside regex matching), and when one part fails the others are cancelled and awaited, so when {@link #execute}
 * returns or throws, no work of that query goes on.
 *
 * <p>Thread-safe: {@link #execute} may be called concurrently; each call has its own state.
 */
public final class LogQLEngine {
  /** Loki's default {@code limit} when the request carries none (0). */
  static final int DEFAULT_LIMIT = 100;

  /** Loki's (and Prometheus') maximum points per series of a range query. */
  static final int MAX_POINTS = 11_000;

  private final LogReader reader;
  private final EngineLimits limits;
  private final TenantQueryLimits tenantLimits;
  private final Executor executor;
  private final LongSupplier nanoClock;
  private final Clock clock;

  /**
   * @param reader the store to read; reads of several tenants get Loki's semantics on top of it
   *     ({@link io.tracemate.logs.CrossTenantReader})
   * @param limits per-query limits and split settings
   * @param executor runs the parts of split queries; any executor works, bounded or not, even the pool that calls
   *     {@link #execute}: the calling thread runs every part no executor thread has started
   */
  public LogQLEngine(LogReader reader, EngineLimits limits, Executor executor) {
    this(reader, limits, TenantQueryLimits.fixed(limits), executor, Clock.systemUTC());
  }

  /**
   * @param limits the configured limits: parse and formatted-line limits, and what a tenant without overrides gets
   * @param tenantLimits the query limits of each tenant (runtime overrides), asked once per query
   * @param clock "now" for {@link EngineLimits#maxLookback()}
   */
  public LogQLEngine(
      LogReader reader,
      EngineLimits limits,
      TenantQueryLimits tenantLimits,
      Executor executor,
      Clock clock) {
    this(reader, limits, tenantLimits, executor, System::nanoTime, clock);
  }

  /** With an injected monotonic clock (nanoseconds) for the time-out of {@code execute(request, stats)}. */
  LogQLEngine(LogReader reader, EngineLimits limits, Executor executor, LongSupplier nanoClock) {
    this(reader, limits, TenantQueryLimits.fixed(limits), executor, nanoClock, Clock.systemUTC());
  }

  private LogQLEngine(
      LogReader reader,
      EngineLimits limits,
      TenantQueryLimits tenantLimits,
      Executor executor,
      LongSupplier nanoClock,
      Clock clock) {
    this.reader = CrossTenantReader.over(Objects.requireNonNull(reader, "reader"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.tenantLimits = Objects.requireNonNull(tenantLimits, "tenantLimits");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The configured limits (a tenant's may differ: {@link #limits(TenantScope)}). */
  public EngineLimits limits() {
    return limits;
  }

  /** Each tenant's limits. */
  public TenantQueryLimits tenantLimits() {
    return tenantLimits;
  }

  /** The limits a query over {@code scope} runs under: its tenant's, or the strictest of its tenants'. */
  public EngineLimits limits(TenantScope scope) {
    return tenantLimits.forScope(scope);
  }

  /**
   * Runs a query with the configured time-out and nobody to cancel it.
   *
   * @see #execute(LogQueryRequest, ScanStats, Cancellation)
   */
  public QueryResult execute(LogQueryRequest request, ScanStats stats) {
    return execute(
        request, stats, Cancellation.withTimeout(limits(request.tenants()).timeout(), nanoClock));
  }

  /**
   * Parses, splits long ranges by the split interval, evaluates the parts in parallel and merges them.
   *
   * @param stats accumulates what the store read (lines, bytes, chunks)
   * @param cancellation stops the query: its deadline (normally the tenant's time-out from the start of the
   *     request; a tenant's shorter time-out shortens it) and cancelling it when the client goes away
   * @throws io.tracemate.logql.syntax.LogQLParseException when the query does not parse or is over
   *     max_query_size / max_query_depth
   * @throws QueryLimitException when the query goes over a limit, including the deadline (query_timeout)
   * @throws QueryEvaluationException when the query cannot run
   * @throws CancelledException when {@code cancellation} was cancelled (nobody waits for the answer)
   */
  public QueryResult execute(LogQueryRequest request, ScanStats stats, Cancellation cancellation) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(stats, "stats");
    Objects.requireNonNull(cancellation, "cancellation");
    Expr expr = LogQL.parse(request.query(), limits.parseLimits());
    if (request.endNanos() < request.startNanos()) {
      throw new QueryEvaluationException("end timestamp must not be before start time");
    }
    EngineLimits limits = tenantLimits.forScope(request.tenants());
    if (!limits.maxLookback().isZero()) {
      // Loki's frontend: the start moves up to the lookback; a query wholly before it answers
      // nothing.
      long notBefore = epochNanos() - limits.maxLookback().toNanos();
      if (request.endNanos() < notBefore) {
        return empty(expr, request);
      }
      if (request.startNanos() < notBefore && !request.instant()) {
        request = withStart(request, notBefore);
      }
    }
    long length =
        (request.instant() ? 0 : request.endNanos() - request.startNanos()) + lookback(expr);
    limits.checkQueryLength(length);
    if (limits.timeout().compareTo(this.limits.timeout()) < 0) {
      cancellation = cancellation.withChildTimeout(limits.timeout());
    }
    QueryContext ctx = new QueryContext(reader, request.tenants(), limits, stats, cancellation);
    try {
      return switch (expr) {
        case LogSelectorExpr log -> executeLog(log, request, ctx);
        case SampleExpr sample -> new MetricQuery(ctx, this::runParallel).execute(sample, request);
      };
    } catch (CancelledException e) {
      throw ctx.stopped(e);
    }
  }

  private long epochNanos() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static QueryResult empty(Expr expr, LogQueryRequest request) {
    if (expr instanceof LogSelectorExpr) {
      return new StreamsResult(List.of());
    }
    return request.instant() ? new VectorResult(List.of()) : new MatrixResult(List.of());
  }

  private static LogQueryRequest withStart(LogQueryRequest request, long startNanos) {
    return new LogQueryRequest(
        request.tenants(),
        request.query(),
        startNanos,
        request.endNanos(),
        request.stepNanos(),
        request.intervalNanos(),
        request.direction(),
        request.limit(),
        request.instant());
  }

  /** How far before the first step a metric query reads: its longest range plus offset; 0 for log queries. */
  private static long lookback(Expr expr) {
    if (!(expr instanceof SampleExpr sample)) {
      return 0;
    }
    List<SampleExpr.RangeAggregation> ranges = new ArrayList<>();
    MetricQuery.collectRanges(sample, ranges);
    long lookback = 0;
    for (SampleExpr.RangeAggregation range : ranges) {
      lookback =
          Math.max(lookback, range.range().range().toNanos() + range.range().offset().toNanos());
    }
    return lookback;
  }

  /** Compiles a log query for live tail whose regexes nothing cancels. */
  public TailFilter compileTail(String query) {
    return compileTail(query, Cancellation.none());
  }

  /**
   * Compiles a log query (selector + pipeline) into a filter over pushed entries, for live tail.
   *
   * @param cancellation the tail's: cancel it when the tail ends, and a pipeline still running on a batch stops
   */
  public TailFilter compileTail(String query, Cancellation cancellation) {
    LogSelectorExpr expr = LogQL.parseLogQuery(query, limits.parseLimits());
    List<LabelMatcher> matchers = Matchers.toStore(expr.matchers());
    Pipeline pipeline =
        Pipeline.compile(
            expr.pipeline(), new PipelineContext(cancellation, limits.maxFormattedLineSize()));
    return new TailFilter() {
      @Override
      public boolean matchesStream(LabelSet stream) {
        for (LabelMatcher matcher : matchers) {
          if (!matcher.matches(stream)) {
            return false;
          }
        }
        return true;
      }

      @Override
      public ResultStreamEntry apply(LabelSet stream, LogEntry entry) {
        LabelsBuilder result = pipeline.process(stream, entry);
        if (result == null) {
          return null;
        }
        return new ResultStreamEntry(
            result.toLabelSet(),
            new LogEntry(entry.timestampNanos(), result.line(), entry.metadata()));
      }
    };
  }

  private StreamsResult executeLog(LogSelectorExpr log, LogQueryRequest request, QueryContext ctx) {
    if (request.instant()) {
      throw new QueryEvaluationException(
          "log queries are not supported as an instant query type, please change "
              + "your query to a range query type");
    }
    int limit = request.limit() <= 0 ? DEFAULT_LIMIT : request.limit();
    if (limit > ctx.limits.maxEntries()) {
      throw new QueryLimitException(
          QueryLimitException.MAX_ENTRIES,
          "max entries limit per query exceeded, limit > "
              + "max_entries_limit ("
              + limit
              + " > "
              + ctx.limits.maxEntries()
              + ")");
    }
    List<LabelMatcher> matchers = Matchers.toStore(log.matchers());
    Pipeline pipeline = Pipeline.compile(log.pipeline(), ctx.pipeline);
    checkBytesUpFront(ctx, List.of(matchers), request.startNanos(), request.endNanos());
    List<long[]> ranges =
        request.intervalNanos() > 0
            ? List.<long[]>of(new long[] {request.startNanos(), request.endNanos()})
            : TimeSplits.ranges(
                request.startNanos(), request.endNanos(), ctx.limits.splitInterval().toNanos());
    if (request.direction() == Direction.BACKWARD) {
      ranges = new ArrayList<>(ranges);
      Collections.reverse(ranges);
    }
    List<ResultStreamEntry> collected = new ArrayList<>();
    // Each part reserved memory for what it returned; past the limit the surplus is dropped, and
    // given back.
    for (int from = 0;
        from < ranges.size() && collected.size() < limit;
        from += ctx.limits.parallelism()) {
      List<Supplier<List<ResultStreamEntry>>> wave = new ArrayList<>();
      for (long[] range :
          ranges.subList(from, Math.min(ranges.size(), from + ctx.limits.parallelism()))) {
        wave.add(
            () ->
                new LogQueryEvaluator(ctx, matchers, pipeline)
                    .read(range[0], range[1], request.direction(), limit, request.intervalNanos()));
      }
      for (List<ResultStreamEntry> part : runParallel(wave, ctx)) {
        collected.addAll(part);
      }
      if (collected.size() > limit) {
        for (ResultStreamEntry dropped : collected.subList(limit, collected.size())) {
          ctx.release(LogQueryEvaluator.estimate(dropped));
        }
        collected.subList(limit, collected.size()).clear();
      }
    }
    Map<LabelSet, List<LogEntry>> byLabels = new LinkedHashMap<>();
    for (ResultStreamEntry entry : collected.subList(0, Math.min(limit, collected.size()))) {
      byLabels.computeIfAbsent(entry.labels(), k -> new ArrayList<>()).add(entry.entry());
    }
    List<ResultStream> streams = new ArrayList<>(byLabels.size());
    byLabels.forEach((labels, entries) -> streams.add(new ResultStream(labels, entries)));
    streams.sort(Comparator.comparing(s -> s.labels().toString()));
    return new StreamsResult(streams);
  }

  /** Loki's pre-flight check of max_query_bytes_read from the index, before reading any chunk. */
  static void checkBytesUpFront(
      QueryContext ctx, List<List<LabelMatcher>> selectors, long start, long end) {
    long max = ctx.limits.maxBytesScanned();
    if (max <= 0) {
      return;
    }
    long bytes = 0;
    for (List<LabelMatcher> matchers : selectors) {
      bytes +=
          ctx.reader
              .indexStats(new LogSelection(ctx.tenants, matchers, start, end), ctx.cancellation)
              .bytes();
    }
    if (bytes > max) {
      throw new QueryLimitException(
          QueryLimitException.MAX_BYTES,
          "the query would read too many bytes (query: "
              + QueryContext.Bytes.humanize(bytes)
              + ", limit: "
              + QueryContext.Bytes.humanize(max)
              + "); consider "
              + "adding more specific stream selectors or reduce the time range of the query (max_query_bytes_read)");
    }
  }

  /**
   * Runs the tasks in parallel within the query's deadline and returns their results in order. The calling thread
   * takes part: it runs, in order, every task no executor thread has started yet, so a query always progresses
   * even when the executor is saturated (or is the very pool the caller runs on). When anything fails (a part, the
   * deadline, a cancellation), the query's other parts are cancelled and this method returns only once every part
   * an executor thread had started has stopped: no part outlives its query.
   */
  <T> List<T> runParallel(List<Supplier<T>> tasks, QueryContext ctx) {
    if (tasks.size() == 1) {
      return List.of(tasks.getFirst().get());
    }
    List<ClaimableTask<T>> claimable = new ArrayList<>(tasks.size());
    for (Supplier<T> task : tasks) {
      claimable.add(new ClaimableTask<>(task));
    }
    for (ClaimableTask<T> task : claimable.subList(1, claimable.size())) {
      try {
        executor.execute(task);
      } catch (RejectedExecutionException e) {
        // the caller runs it below
      }
    }
    boolean completed = false;
    try {
      List<T> results = new ArrayList<>(tasks.size());
      for (ClaimableTask<T> task : claimable) {
        task.run();
        long remaining = ctx.remainingNanos();
        if (remaining <= 0 && !task.result.isDone()) {
          throw ctx.timeout();
        }
        results.add(task.result.get(Math.max(remaining, 1), TimeUnit.NANOSECONDS));
      }
      completed = true;
      return results;
    } catch (TimeoutException e) {
      throw ctx.timeout();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new QueryEvaluationException("query failed: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueryEvaluationException("query interrupted", e);
    } finally {
      // parts nobody started yet are not started any more
      claimable.forEach(ClaimableTask::cancel);
      if (!completed) {
        ctx.cancellation.cancel();
        claimable.forEach(ClaimableTask::awaitStopped);
      }
    }
  }

  /** A task run by whichever comes first: an executor thread or the waiting caller. */
  private static final class ClaimableTask<T> implements Runnable {
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final Supplier<T> task;
    final CompletableFuture<T> result = new CompletableFuture<>();

    ClaimableTask(Supplier<T> task) {
      this.task = task;
    }

    @Override
    public void run() {
      if (claimed.compareAndSet(false, true)) {
        try {
          result.complete(task.get());
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      }
    }

    void cancel() {
      if (claimed.compareAndSet(false, true)) {
        result.cancel(false);
      }
    }

    /**
     * Waits until a started run has ended. Parts check the query's (now cancelled) cancellation every few hundred
     * entries, per chunk and inside regex matching, so this takes at most one check interval.
     */
    void awaitStopped() {
      boolean interrupted = false;
      while (!result.isDone()) {
        try {
          result.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
          break;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  interface ParallelRunner {
    <T> List<T> run(List<Supplier<T>> tasks, QueryContext ctx);
  }
}
