package io.tracemate.pipeline.config;

/**
 * The typed configuration of one {@code pipeline.processors} entry, as the server's YAML mapper produces it.
 * Records hold what was written (missing keys become defaults); all validation happens in
 * {@link io.tracemate.pipeline.PipelineFactory#validate}, which reports every problem at once. The types are
 * those {@link io.tracemate.pipeline.PipelineFactory#configClass} names: {@link AttributesConfig},
 * {@link RedactionConfig}, {@link SemanticAlignmentConfig} and
 * {@link io.tracemate.pipeline.sampling.config.TailSamplingConfig} (not sealed only because that one lives in
 * another package).
 */
public interface ProcessorConfig {}
