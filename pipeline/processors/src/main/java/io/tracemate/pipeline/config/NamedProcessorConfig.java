package io.tracemate.pipeline.config;

/** A processor's name ({@code attributes/http}: type, then an optional suffix) and its configuration. */
public record NamedProcessorConfig(String name, ProcessorConfig config) {}
