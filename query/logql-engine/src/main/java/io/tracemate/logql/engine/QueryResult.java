package io.tracemate.logql.engine;

/** What a LogQL query evaluates to, shaped like Loki's {@code resultType}: streams, matrix, vector or scalar. */
public sealed interface QueryResult
    permits StreamsResult, MatrixResult, VectorResult, ScalarResult {}
