/**
 * The all-in-one server: the one place where the components are assembled, and nothing else. It reads the typed
 * configuration ({@code config}), builds the graph it declares and runs it in a start order that keeps
 * {@code /ready} truthful:
 *
 * <pre>
 * span receivers ─► ProcessingConsumer (processors) ─► DurableQueue "traces" ─► ObservingStage
 *                                                      (connectors: span metrics, service graph; then tail sampling)
 *                                                      ─► span store
 * log receivers ─► DeferredConsumer ─► DurableQueue "logs" (on durable: live tail) ─► log store
 * </pre>
 *
 * <p>No batch ever passes through a class of this package: receivers, processors, queues, connectors and stores
 * meet through the component model ({@code io.tracemate.component}), so the data path stays the same whichever
 * process assembles it (the later single-role deployments). {@link io.tracemate.server.TraceProcessing} builds the
 * span pipeline's components, {@link io.tracemate.server.LogsRole} the logs side (store, queue, LogQL engine, Loki
 * API, log receivers), {@link io.tracemate.server.TracemateServer} wires both to the ports and runs retention.
 *
 * <p>Start: the stores open, the HTTP port comes up answering 503 on {@code /ready} (Loki push refuses with a retry
 * hint until the log queue is open), each queue replays its write-ahead log into its store, then the receiver ports
 * open and {@code /ready} turns 200. Stop reverses it: receivers finish in-flight requests, the queues drain and
 * flush, the stores close, the HTTP port closes last.
 */
package io.tracemate.server;
