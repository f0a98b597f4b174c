/**
 * The {@code tail_sampling} configuration records, with the collector's snake_case keys so that a pasted
 * collector block deserializes unchanged. {@code decision_wait} is a {@link java.time.Duration}: the server's
 * mapper reads "30s" / "500ms" into it. Validation happens in
 * {@link io.tracemate.pipeline.sampling.TailSampler#create}.
 */
package io.tracemate.pipeline.sampling.config;
