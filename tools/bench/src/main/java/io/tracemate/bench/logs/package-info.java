/**
 * {@code tracemate bench-logs}: the reproducible log benchmark behind BENCHMARKS.md's logs section.
 *
 * <p>The corpus is test-support's deterministic {@link io.tracemate.testing.corpus.LogCorpus} (JSON and logfmt
 * lines of ~870 bytes, 100 pod streams, trace context in structured metadata, a rare needle), so the figures the
 * store quotes from its own micro-benchmark and the end-to-end figures here are measured on the same data. It is
 * generated while pushing (one generator thread feeding a small queue) rather than read from disk: 10 GB would not
 * fit in memory, and the generator's share of the client's time is reported ({@code feed wait}) so a run bounded by
 * the client shows as such.
 *
 * <p>The bench speaks only wire formats: Loki push (JSON, or snappy protobuf as Promtail and Alloy send it),
 * {@code /loki/api/v1/query_range}, Tracemate's {@code /api/logs/trace/{id}} and {@code /metrics}. Server CPU comes
 * from {@code /proc/PID/stat}, as in the trace bench, so a figure per CPU-second does not depend on how loaded the
 * machine is, only on the server's own work. Ingest CPU is counted until the ingest queue has drained into the
 * store, so the store's compression is in it, not only the acknowledgement path.
 */
package io.tracemate.bench.logs;
