package io.tracemate.servicegraph;

/**
 * One caller → callee pair over a window with its request count, summed over connection types: the shape of
 * Jaeger's {@code /api/dependencies} ({@code parent}, {@code child}, {@code callCount}). Virtual nodes
 * (databases, brokers, external peers, {@code user}) are included.
 */
public record ServiceDependency(String parent, String child, long callCount) {}
