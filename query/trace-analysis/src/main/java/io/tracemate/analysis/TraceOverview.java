package io.tracemate.analysis;

import io.tracemate.model.TraceId;

/**
 * The headline numbers of a trace, for the overview panel.
 *
 * @param startEpochNanos earliest span start (0 for an empty trace)
 * @param durationNanos latest span end minus earliest span start, async children included
 * @param errorCount spans whose status is ERROR
 * @param depth number of levels in the span tree (1 for a single span, 0 for an empty trace)
 * @param rootCount spans without a parent in the trace: true roots, orphans and cycle breakers
 * @param orphanCount spans whose parent span ID is not in the trace
 */
public record TraceOverview(
    TraceId traceId,
    long startEpochNanos,
    long durationNanos,
    int spanCount,
    int serviceCount,
    int errorCount,
    int depth,
    int rootCount,
    int orphanCount) {}
