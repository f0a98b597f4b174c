/**
 * The configuration as one typed tree ({@link io.tracemate.server.config.TracemateConfig}), read from YAML by
 * {@link io.tracemate.server.config.ConfigLoader}.
 *
 * <h2>One record and one default per setting</h2>
 * The tree's own records hold the server's keys ({@code server}, {@code receivers}, {@code storage}...); a
 * component's block is bound to that component's own config record, with its own defaults and validation:
 * {@code ingest.traces} and {@code ingest.logs} to {@code QueueSettings}, {@code pipeline.processors} entries to the
 * processors' records (the Collector's keys; {@code pipeline.logs.processors} names them or holds blocks of its
 * own, {@link io.tracemate.server.config.LogPipelineSettings}), {@code pipeline.spanmetrics} and {@code pipeline.servicegraph} to the
 * connectors' records (the Collector's keys; {@link io.tracemate.server.config.Toggled}: absent = defaults,
 * {@code false} = off), {@code logs.limits} to {@code LogLimits} (Loki's {@code limits_config} names). Where the
 * server's default is a module's, the tree refers to the module's constant instead of repeating it.
 * {@code config/tracemate.example.yaml} lists every key with its default; a test keeps the two equal.
 *
 * <h2>Errors while the file is read</h2>
 * Every block is checked as it is bound, processors included ({@link io.tracemate.server.config.ProcessorsDeserializer}
 * runs each processor's own validation), so a bad value fails the load, before anything starts, with the file, the
 * key path with list indexes and the line of the key. Unknown keys are errors; keys that moved say where to.
 * Durations ({@code 500ms}, {@code 1h30m}, {@code 7d}) and sizes ({@code 64MiB}) read the same everywhere in the
 * tree (Loki's limits keep Loki's own size units).
 */
package io.tracemate.server.config;
