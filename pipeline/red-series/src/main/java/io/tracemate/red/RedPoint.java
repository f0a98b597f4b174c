package io.tracemate.red;

import java.time.Instant;

/** One step of a {@link RedSeriesStore#timeSeries time series}: the summary of [start, start + step). */
public record RedPoint(Instant start, RedSummary summary) {}
