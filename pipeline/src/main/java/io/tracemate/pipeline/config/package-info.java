/**
 * Typed processor configuration, one record per processor type, annotated with the OpenTelemetry Collector's
 * snake_case keys so that the server's YAML mapper reads a pasted collector block unchanged. Records only
 * normalise missing keys to defaults; validation (with a path for every problem) is done by
 * {@link io.tracemate.pipeline.PipelineFactory#create}. The module depends on jackson-annotations only; the
 * mapper itself belongs to the server.
 */
package io.tracemate.pipeline.config;
