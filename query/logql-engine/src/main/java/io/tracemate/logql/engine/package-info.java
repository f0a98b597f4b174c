/**
 * The LogQL engine: evaluates log and metric queries (parsed by {@code io.tracemate.logql.syntax}) over a
 * {@link io.tracemate.logs.LogReader}, with Loki's semantics. Entry point: {@link io.tracemate.logql.engine.LogQLEngine}.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>Log queries</b> ({@code LogQueryEvaluator}): the store selects streams by the selector's matchers and
 *       returns each stream's entries in the requested direction, filtered by the literals of the leading line
 *       filters (a {@code |=} literal, and the literals every match of a {@code |~} regex contains: pushed down as
 *       {@code requiredSubstrings}); every entry goes through the compiled pipeline
 *       ({@code pipeline} package) and a k-way merge by timestamp produces the newest (or oldest) {@code limit}
 *       entries. Result streams are grouped by the entries' final labels (stream labels, structured metadata,
 *       extracted labels), as Loki does.</li>
 *   <li><b>Metric queries</b> ({@code MetricQuery}, {@code StepEvaluator}): the steps start, start+step, ... &le; end
 *       are evaluated bottom-up. A range aggregation ({@code RangeAggregationEvaluator}) reads once the entries all
 *       its steps need, turns each into a sample of its series and slides the window
 *       {@code (t - offset - range, t - offset]} (start exclusive, end inclusive, as Loki's range vectors) with the
 *       functions of {@code RangeFunctions}; vector aggregations, binary operators (Prometheus' matching rules) and
 *       label_replace then work step by step on vectors.</li>
 *   <li><b>Splitting</b> ({@code TimeSplits}): log query ranges are cut at multiples of the split interval and the
 *       parts read in parallel in waves of {@code parallelism}, in direction order, stopping once the limit is
 *       reached; metric queries are split into groups of steps (at multiples of the split interval, widened to the
 *       longest window read), each group evaluating the whole expression on its own steps, so the result is
 *       identical to unsplit evaluation by construction.</li>
 *   <li><b>Limits</b> ({@code QueryContext}): max_query_size and max_query_depth while parsing (the parser refuses
 *       a deeper level before recursing into it and measures the finished tree without recursion, so neither the
 *       parser nor any recursive walk after it can overflow a stack); max_query_length and
 *       max_entries_limit_per_query before reading; max_query_bytes_read before reading (from the index stats) and
 *       while reading; max_query_series on every vector a query returns or combines (not on the input of a vector
 *       aggregation, as in Loki); max_formatted_line_size inside templates, before a value that would be longer
 *       is built (so 26 doubling line_format stages fail after a few MiB); max_query_memory on what a query holds
 *       at once: returned entries (line and labels), metric samples and series while a range aggregation reads,
 *       and the per-step vectors it produces (estimates, reserved and released as the data is built and
 *       dropped).</li>
 *   <li><b>Stopping</b>: every query runs under a {@link io.tracemate.common.Cancellation}, its deadline the
 *       query_timeout, cancelled by the caller when nobody waits any more. It is checked every few hundred entries,
 *       per chunk by the store, per series when sliding windows, and inside a regex match that may take long.
 *       Regexes are Go's RE2 (RE2/J), linear in the line, so no pattern backtracks; a match whose worst case
 *       (program size times line length) is large reads its line through {@code cancellation.guard} (checked
 *       every ~65,000 steps of the matcher), cheaper ones read the String directly (see
 *       {@link io.tracemate.common.regex.GoRegex}). When one parallel part fails or the deadline passes, the other parts are cancelled and awaited
 *       before {@code execute} returns.</li>
 *   <li><b>Errors</b>: parse errors are {@link io.tracemate.logql.syntax.LogQLParseException}; queries that cannot
 *       run throw {@link io.tracemate.logql.engine.QueryEvaluationException} (a line filter or {@code regexp}
 *       parser regex that does not compile, with Go's {@code error parsing regexp: ...} as in Loki; a bad template or pattern,
 *       pipeline errors in metric queries, log queries as instant queries); limits throw
 *       {@link io.tracemate.logql.engine.QueryLimitException} naming the limit.</li>
 * </ul>
 *
 * <h2>Not supported</h2>
 * <ul>
 *   <li>What the parser does not parse: {@code variants}, the {@code xml} parser, {@code approx_count_distinct},
 *       {@code count_values}; {@code approx_topk} is evaluated exactly, as topk.</li>
 *   <li>Templates: the subset documented on {@link io.tracemate.logql.engine.template.GoTemplate} (no range, with,
 *       variables or sprig functions outside the list).</li>
 *   <li>Query sharding by stream, result caching, and Loki's per-tenant overrides: limits are per engine.</li>
 * </ul>
 */
package io.tracemate.logql.engine;
