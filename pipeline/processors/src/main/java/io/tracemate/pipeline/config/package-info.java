/**
 * Typed processor configuration, one record per processor type, annotated with the OpenTelemetry Collector's
 * snake_case keys so that the server's YAML mapper binds a pasted collector block unchanged, as part of the one
 * configuration tree. Records only normalise missing keys to defaults; validation (with a path for every problem) is
 * done by {@link io.tracemate.pipeline.PipelineFactory#validate}, which the server's loader calls for each entry
 * while it reads the file (so errors carry the file's key path and line), and again by
 * {@link io.tracemate.pipeline.PipelineFactory#create} when the chain is built. The module depends on
 * jackson-annotations only; the mapper itself belongs to the server.
 */
package io.tracemate.pipeline.config;
