package io.tracemate.spanmetrics;

import io.tracemate.model.SpanId;
import io.tracemate.model.TraceId;

/** The span an exemplar points to: its IDs, its duration in the histogram's unit and its end time. */
record ExemplarSample(TraceId traceId, SpanId spanId, double value, long timestampMillis) {}
