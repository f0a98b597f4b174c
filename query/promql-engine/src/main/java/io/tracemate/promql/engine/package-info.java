/**
 * PromQL evaluation with Prometheus' semantics over a {@link io.tracemate.promql.engine.SeriesSource}: the engine
 * behind the Prometheus-compatible query API, Jaeger's SPM and metric alert rules over span metrics and the service
 * graph.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li>One boundary to storage: {@link io.tracemate.promql.engine.SeriesSource#select} hands matching series to a
 *       sink that counts what the query holds and stops it over a limit or past its deadline. The engine never
 *       sees how series are kept; {@link io.tracemate.promql.engine.InMemorySeriesSource} is the reference source
 *       of the tests and the conformance suite.</li>
 *   <li>Range evaluation bottom-up, as Prometheus does it: every node yields its result over all steps at once
 *       ({@code Evaluator}, {@code StepSeries}), so a selector reads its series once per query, not once per step;
 *       subqueries evaluate on steps of their own ({@code Steps}).</li>
 *   <li>Prometheus' arithmetic where Java's differs: Go's {@code math.Pow} ({@code BinaryOp} in query-support), Kahan
 *       summation in aggregations and {@code *_over_time} ({@code Kahan}), {@code rate}/{@code increase}
 *       extrapolation, lookback and staleness ({@code StaleMarker}), {@code @} and {@code offset}, delayed
 *       metric-name removal, classic {@code histogram_quantile} and {@code histogram_fraction} with non-monotonic
 *       buckets forced monotonic ({@code ClassicHistograms}) within Prometheus' {@code almost.Equal}
 *       ({@code Almost}, which the promqltest conformance tests compare results with too).</li>
 *   <li>Bounded: {@link io.tracemate.promql.engine.EngineSettings} caps samples held (Prometheus'
 *       {@code --query.max-samples}), series read, steps and time; going over is a
 *       {@link io.tracemate.promql.engine.QueryLimitException} (a
 *       {@link io.tracemate.querysupport.LimitExceededException}, as LogQL's is) carrying Prometheus' error type.
 *       Cancellation is {@code common}'s {@code Cancellation}, checked as series are read and as steps are
 *       evaluated.</li>
 * </ul>
 *
 * <h2>Conformance</h2>
 * Prometheus' own {@code promqltest} scripts run verbatim in the tests, with Tracemate's scripts for every supported
 * function and operator beside them; what is skipped is what the syntax package refuses as unsupported (native
 * histograms, experimental features), and each deliberate difference is listed with its reason in
 * {@code promqltest/upstream/known-differences.txt}.
 *
 * <p>Thread-safety: {@link io.tracemate.promql.engine.PromQLEngine} is thread-safe and queries run concurrently,
 * each single-threaded on its caller's thread, sharing only the source. May depend on: {@code promql-syntax},
 * {@code query-support}, {@code common}; never on HTTP, the pipeline or a store (a store plugs in as a
 * {@code SeriesSource}).
 */
package io.tracemate.promql.engine;
