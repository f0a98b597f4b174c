package io.tracemate.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;

/**
 * One log statement of a simulated service, as its logging framework would see it.
 *
 * @param epochNanos when it was written (simulated time for lines inside a trace)
 * @param spanContext the span active when it was written; {@link SpanContext#getInvalid()} outside
 *     any request (health probes)
 * @param attributes structured fields (OpenTelemetry attributes; key/value pairs for loki4j)
 * @param exception the logged exception, or null
 */
record LogLine(
    long epochNanos,
    LogSeverity severity,
    String logger,
    String thread,
    String message,
    SpanContext spanContext,
    Attributes attributes,
    SimulatedException exception) {}
