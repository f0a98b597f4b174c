package io.tracemate.promql.engine;

import java.util.Objects;

/**
 * One exemplar: a span that stands for a sample of a series.
 *
 * @param seriesLabels the series it belongs to
 * @param traceId its trace, 32 lower-case hex digits
 * @param spanId its span, 16 lower-case hex digits
 * @param value the value it was observed with (a span's duration in the histogram's unit)
 * @param timestampMillis when it was observed (the span's end), Unix ms
 */
public record Exemplar(
    Labels seriesLabels, String traceId, String spanId, double value, long timestampMillis) {
  public Exemplar {
    Objects.requireNonNull(seriesLabels, "seriesLabels");
    Objects.requireNonNull(traceId, "traceId");
    Objects.requireNonNull(spanId, "spanId");
  }
}
