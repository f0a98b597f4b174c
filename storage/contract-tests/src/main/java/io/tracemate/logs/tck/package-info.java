/**
 * The log store contract suite: {@link io.tracemate.logs.tck.LogStoreContractTest} is what every
 * {@link io.tracemate.logs.LogStore} must pass, through the SPI only: round trips of every field in both
 * directions, stream selection by matchers, time ranges with an exclusive end, literal filter push-down, label
 * names and values, index and per-stream stats, lookup by trace ID, tenant isolation, the WAL sequence that makes
 * replay exact, retention, statistics, readers running beside the writer, and what survives a reopen. A backend
 * module depends on this artifact with test scope and adds one subclass that opens its store over a directory;
 * the embedded store adds its own crash and chunking tests on top.
 */
package io.tracemate.logs.tck;
