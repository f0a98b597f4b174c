package io.tracemate.logql.engine;

import io.tracemate.logs.model.LabelSet;

/** One element of an instant vector. */
public record Sample(LabelSet metric, long timestampMillis, double value) {}
