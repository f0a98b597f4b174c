package io.tracemate.logql.engine;

/** Instant query of a scalar expression, e.g. {@code 1 + 1}. */
public record ScalarResult(long timestampMillis, double value) implements QueryResult {}
