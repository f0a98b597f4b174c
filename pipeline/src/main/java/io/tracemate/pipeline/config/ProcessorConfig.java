package io.tracemate.pipeline.config;

/**
 * The typed configuration of one processor, as the server's YAML mapper produces it. Records hold what was
 * written (missing keys become defaults); all validation happens in
 * {@link io.tracemate.pipeline.PipelineFactory#create}, which reports every problem at once.
 */
public sealed interface ProcessorConfig permits AttributesConfig, RedactionConfig, SemanticAlignmentConfig {}
