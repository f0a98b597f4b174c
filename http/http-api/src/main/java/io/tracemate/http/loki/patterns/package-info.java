/**
 * Log pattern mining for Loki's {@code /patterns} endpoint.
 *
 * <p>{@link io.tracemate.http.loki.patterns.Tokens} cuts a line as Loki's pattern ingester does (punctuation
 * tokenizer; the message field of a JSON line), {@link io.tracemate.http.loki.patterns.Drain} clusters token
 * sequences into templates with the fixed-depth tree of the Drain paper and Loki's settings (depth 30, similarity
 * 0.3, 15 children per node, 300 templates kept, least recently matched dropped first), and
 * {@link io.tracemate.http.loki.patterns.PatternMiner} keeps one Drain per log level and counts each template's
 * lines per time step. A template prints as a LogQL pattern ({@code <_>} for varying tokens, adjacent ones
 * collapsed), so it filters exactly the lines it describes with {@code |>}.
 *
 * <p>Everything here is per request and single-threaded; memory is bounded by the template limit and the step
 * buckets that hold lines. The caller bounds the lines fed in.
 */
package io.tracemate.http.loki.patterns;
