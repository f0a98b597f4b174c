package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import java.util.function.Consumer;

/**
 * What every part of one query shares: the source, settings, the query's own start and end (for {@code @ start()}
 * and {@code @ end()}), its cancellation (deadline included) and the memory it holds, counted in samples as
 * Prometheus' {@code --query.max-samples} does. One per query; evaluation is single-threaded.
 */
final class QueryContext {
  private static final int CHECK_EVERY = 1024;

  final SeriesSource source;
  final EngineSettings settings;
  final long queryStart;
  final long queryEnd;
  final Cancellation cancellation;
  private long heldSamples;
  private long seriesRead;
  private long ticks;

  QueryContext(
      SeriesSource source,
      EngineSettings settings,
      long queryStart,
      long queryEnd,
      Cancellation cancellation) {
    this.source = source;
    this.settings = settings;
    this.queryStart = queryStart;
    this.queryEnd = queryEnd;
    this.cancellation = cancellation;
  }

  long lookbackMillis() {
    return settings.lookbackDelta().toMillis();
  }

  /** Takes {@code n} samples from the query's budget before holding them. */
  void hold(long n) {
    heldSamples += n;
    if (heldSamples > settings.maxSamples()) {
      throw QueryLimitException.tooManySamples();
    }
  }

  /** Gives back samples no longer held. */
  void release(long n) {
    heldSamples -= n;
  }

  /** Releases what a value holds once nobody needs it any more. */
  void release(Value value) {
    switch (value) {
      case Value.VectorValue v -> release(v.samples());
      case Value.MatrixValue m -> m.series().forEach(s -> release(s.size()));
      case Value.StepScalar s -> release(s.values().length);
      case Value.ConstantScalar c -> {}
      case Value.StringValue s -> {}
    }
  }

  /** Checks the deadline and cancellation every so many calls (cheap enough for inner loops). */
  void tick() {
    if (++ticks % CHECK_EVERY == 0) {
      check();
    }
  }

  void check() {
    if (cancellation.isCancelled()) {
      throw stopped(new CancelledException(cancellation.reason()));
    }
  }

  /** A stop noticed anywhere below becomes the time-out, or stays the cancellation it is. */
  RuntimeException stopped(CancelledException e) {
    if (e.reason() == Cancellation.Reason.DEADLINE_EXCEEDED) {
      return new QueryLimitException(
          QueryLimitException.TIMEOUT, "query timed out in expression evaluation");
    }
    return e;
  }

  /**
   * Reads series from the source, counting series and samples against the limits as they arrive.
   *
   * @throws QueryLimitException when the query would read too many series or hold too many samples
   */
  void select(SelectRequest request, Consumer<SampleSeries> sink) {
    check();
    try {
      source.select(
          request,
          cancellation,
          series -> {
            if (++seriesRead > settings.maxSeries()) {
              throw new QueryLimitException(
                  QueryLimitException.MAX_SERIES,
                  "the query would read more than "
                      + settings.maxSeries()
                      + " series; add label matchers or aggregate fewer series");
            }
            hold(series.size());
            sink.accept(series);
          });
    } catch (CancelledException e) {
      throw stopped(e);
    }
  }
}
