/**
 * The span processors that sit between the receivers and the durable queue, modelled on the OpenTelemetry
 * Collector so operators can reuse what they know and paste existing processor blocks; and tail sampling, the
 * stage after the queue.
 *
 * <h2>Model</h2>
 * Processors are {@link io.tracemate.component.Processor}s of span batches ({@link io.tracemate.pipeline.SpanProcessor}
 * lets one be written as a function of the span list); spans are immutable records, so processors never mutate
 * their input: they return the same list when nothing changed (the common case costs no allocation and keeps the
 * receiver's bytes for the write-ahead log) or a new list with new span records.
 * {@link io.tracemate.pipeline.PipelineFactory} builds them into a {@link io.tracemate.component.ProcessorChain},
 * which counts per processor spans in, out and dropped; processors add their own fixed-key counters (values redacted
 * per pattern, attributes renamed).
 *
 * <h2>Configuration</h2>
 * Each processor type has a config record in {@code config/} annotated with the collector's snake_case keys,
 * so the server's YAML mapper reads a pasted collector block directly (names: {@code attributes/http},
 * {@code redaction}, {@code semantic_alignment/skywalking}; {@link io.tracemate.pipeline.PipelineFactory#configClass}
 * tells which record to read). Records only hold what was written; all validation happens in
 * {@link io.tracemate.pipeline.PipelineFactory#validate} (and again in {@code create}), which compiles every regex up
 * front and reports every problem at once with its path; the server's loader runs it while reading the file, so a
 * bad config fails with its line before anything starts, never per span.
 *
 * <h2>Processors</h2>
 * <ul>
 *   <li>{@code attributes}: the collector's actions (insert, update, upsert, delete, hash, extract, convert)
 *       plus rename, with include/exclude matching by service, span name, kind, attributes, resources and
 *       libraries. Span attributes only; resource attributes are left alone as in the collector.
 *   <li>{@code semantic_alignment}: a rename preset from a shipped table (legacy OpenTelemetry HTTP, database
 *       and messaging names, OpenTracing/Zipkin and SkyWalking tags to current semantic conventions).
 *   <li>{@code redaction}: allow-list and blocked keys as in the collector's redaction processor, plus shipped
 *       checksum-validated patterns (Chinese ID cards, bank cards) and patterns for phone numbers, emails,
 *       bearer tokens and URL passwords. It must run before spans are written to the WAL.
 * </ul>
 *
 * <p>Tail sampling is configured as the last processor entry but is not one of these processors: it is the
 * {@link io.tracemate.component.DurableStage} after the write-ahead log ({@code sampling.TailSamplingStage}),
 * between the span queue's applier and the store, so that spans waiting for a decision are durable. Span metrics and
 * the service graph, connectors, observe before it so they see 100% of spans.
 */
package io.tracemate.pipeline;
