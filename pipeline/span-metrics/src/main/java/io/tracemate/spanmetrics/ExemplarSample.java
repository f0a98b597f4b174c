package io.tracemate.spanmetrics;

import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;

/**
 * The span an exemplar points to: its IDs, its duration in the histogram's unit and its end time (Unix ms).
 *
 * @param traceId its trace
 * @param spanId the span
 * @param value its duration in the histogram's unit
 * @param timestampMillis its end time, Unix ms
 */
public record ExemplarSample(TraceId traceId, SpanId spanId, double value, long timestampMillis) {}
