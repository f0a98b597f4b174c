package io.tracemate.promql.engine;

import io.tracemate.common.Cancellation;
import java.util.function.Consumer;

/**
 * Where the PromQL engine reads series from: the one boundary between query evaluation and storage (span metrics,
 * service graph series, recording rules, or the in-memory {@link InMemorySeriesSource} tests use).
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link #select} hands every series that matches all of the request's matchers to {@code sink}, once per
 *       distinct label set, with exactly its samples whose timestamps lie in {@code [minTime, maxTime]}, in
 *       increasing time order. A series without samples in the range may be skipped. Matchers have Prometheus'
 *       semantics: {@link SeriesMatcher} implements them (RE2, fully anchored; an absent label matches as "").</li>
 *   <li>Series may come in any order; the engine does not depend on it (sorted by labels gives the same tie-breaks
 *       as Prometheus).</li>
 *   <li>A staleness marker ({@link StaleMarker#VALUE}) may be returned as a sample where the series ended; the engine
 *       treats the series as absent from that sample on.</li>
 *   <li>Bounded and cancellable: the sink counts what it receives and throws (a {@link QueryLimitException} when the
 *       query holds too many series or samples, or a cancellation) to stop the selection: implementations must let
 *       that exception propagate, hold no locks while calling the sink that the sink could need, and call
 *       {@code cancellation.check()} at least once per series and every few thousand samples they read, so a query
 *       past its deadline stops promptly. Implementations should avoid materialising more than one series ahead of
 *       the sink.</li>
 *   <li>Thread-safe: queries run concurrently; a select must see a consistent snapshot of each series.</li>
 * </ul>
 *
 * <p>Later capabilities (label names and values for the HTTP API's metadata endpoints) will arrive as default
 * methods, so sources keep compiling.
 */
@FunctionalInterface
public interface SeriesSource {

  /**
   * Streams the matching series to {@code sink}.
   *
   * @throws io.tracemate.common.CancelledException when {@code cancellation} stops the work
   */
  void select(SelectRequest request, Cancellation cancellation, Consumer<SampleSeries> sink);
}
