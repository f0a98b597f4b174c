/**
 * Read what you just wrote, for spans: the {@link io.tracemate.storage.head.SpanHead} holds acknowledged spans a store
 * may not show yet (filled when they are durable, emptied once the store shows them), and
 * {@link io.tracemate.storage.head.HeadTraceReader} answers every read of a store's {@link
 * io.tracemate.storage.TraceReader} as if the store already held them. See "Read what you just wrote" in
 * docs/ARCHITECTURE.md.
 */
package io.tracemate.storage.head;
