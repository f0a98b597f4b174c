/**
 * One component model for every signal, after the OpenTelemetry Collector's: components meet only through a
 * consumer, and a pipeline is a graph of them that the server assembles from the configuration.
 *
 * <h2>Batches</h2>
 * A {@link io.tracemate.component.Batch} is one signal's unit of work: {@link io.tracemate.component.SpanBatch}
 * (spans, plus the receiver's own OTLP bytes when it has them) and {@link io.tracemate.component.LogBatch} (a tenant
 * and its streams). Batches are immutable records that are never copied on the way: whoever changes one makes a new
 * one. The set is closed, so generic components count any batch ({@code items()}) without knowing its signal; a
 * third signal is one more record here.
 *
 * <h2>Consumers</h2>
 * {@link io.tracemate.component.BatchConsumer} is the only seam between components: {@code consume(batch)} returns
 * a future that completes when the batch is durable (in front of the durable queue) or consumed (after it), or
 * fails with a {@link io.tracemate.component.Refusal} (retryable or permanent) that every receiver turns into its
 * protocol's answer with one status mapping. Receivers depend on this interface alone: never on the durable queue,
 * the write-ahead log or a store.
 *
 * <h2>Where each kind of component runs</h2>
 * <pre>
 *  receiver ──► ProcessingConsumer (ProcessorChain: attributes, redaction, semantic alignment)
 *                 ──► DurableQueue (write-ahead log; acknowledged here)
 *                       applier thread ──► ObservingStage: Connectors (span metrics, service graph)
 *                                                         ──► DurableStage (tail sampling) ──► store
 * </pre>
 * {@link io.tracemate.component.Processor}s run synchronously in front of the write-ahead log, so nothing
 * unredacted reaches disk and a batch no processor changed keeps the receiver's bytes (the log record is then
 * written without re-encoding). {@link io.tracemate.component.Connector}s end one pipeline and start another (spans
 * become RED series or graph edges); they observe after the log, in the queue's single applier thread, so a
 * refused-and-retried batch is never counted twice and sampling never hides a span from them. A
 * {@link io.tracemate.component.DurableStage} may hold batches back (tail sampling); the queue keeps what it holds in
 * the log until it lets go, so a crash loses nothing.
 *
 * <h2>Lifecycle</h2>
 * {@link io.tracemate.component.Lifecycle}: created (configuration validated, nothing touched), started before the
 * first batch, shut down after the last, in reverse order.
 *
 * <h2>Threads</h2>
 * Consumers and processors are thread-safe (receivers call them from several event loops); connectors and durable
 * stages are called from one thread, the queue's applier.
 */
package io.tracemate.component;
