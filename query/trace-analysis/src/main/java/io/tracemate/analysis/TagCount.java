package io.tracemate.analysis;

/**
 * How many spans carry one attribute key-value pair.
 *
 * @param resource the pair comes from the spans' resource (service instance), not the span itself
 */
public record TagCount(String key, String value, int count, boolean resource) {}
