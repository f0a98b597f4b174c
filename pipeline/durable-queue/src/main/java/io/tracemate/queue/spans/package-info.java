/**
 * Spans in the durable queue ({@link io.tracemate.queue.spans.SpanQueueBinding}): weighed by count; logged as OTLP
 * {@code TracesData} bytes, the receiver's own when no processor changed the batch (the hottest path then never
 * encodes a span again; once logged, the batch waits for the store without them, so that no parsed request
 * message stays reachable from the queue), with the batch's tenant in a small header unless it is {@code fake}
 * (see {@code SpanWalCodec}: records of earlier versions replay as {@code fake}); written to the span store, per
 * tenant, in writes of up to {@code store-batch} spans merged from several records. The span store de-duplicates
 * at read time, so records replayed above the checkpoint that it already held cost nothing visible; the stage
 * (connectors, tail sampling) sees every record, live or replayed.
 */
package io.tracemate.queue.spans;
