package io.tracemate.spanmetrics;

import io.tracemate.model.SpanKind;
import io.tracemate.model.StatusCode;
import java.util.List;

/**
 * What tells span series apart: the built-in dimensions (always, even excluded ones, so the internal RED series
 * keep them) and the configured dimensions' values in configuration order, null where the label is left out.
 */
record SeriesIdentity(
    String service,
    String spanName,
    SpanKind kind,
    StatusCode status,
    List<String> dimensionValues) {}
