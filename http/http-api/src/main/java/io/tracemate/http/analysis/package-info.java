/**
 * Tracemate's trace analysis over HTTP: {@link io.tracemate.http.analysis.TraceAnalysisApi} answers
 * {@code /api/analysis/traces/{traceID}} with what the trace view needs beyond Jaeger's trace JSON (critical path,
 * self times, per-service summary, tag cloud, mini timeline), computed by {@code trace-analysis} from a trace loaded
 * through the span store's {@link io.tracemate.storage.TraceReader}.
 *
 * <p>It speaks Jaeger v1's dialect so the UI can join it with Jaeger's trace JSON: trace IDs as
 * {@link io.tracemate.http.jaeger.JaegerParams#parseTraceId} reads them, microsecond times, the v1
 * {@link io.tracemate.http.jaeger.Envelope} for answers and errors ({@link io.tracemate.http.jaeger.JaegerErrors#V1}),
 * {@code prettyPrint}. The handler runs on the blocking executor through the shared
 * {@link io.tracemate.http.support.BlockingEndpoints}, counted under {@code api="analysis"} and stopped with its
 * request.
 */
package io.tracemate.http.analysis;
