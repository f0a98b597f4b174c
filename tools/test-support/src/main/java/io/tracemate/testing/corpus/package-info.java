/**
 * A deterministic generator of realistic application logs ({@link io.tracemate.testing.corpus.LogCorpus}),
 * shared by the log store's size test, the store and LogQL benchmarks and {@code tracemate bench}, so every figure
 * quoted for the store is measured on the same kind of data. It lives here, not in the log store, so that no
 * production jar carries it.
 */
package io.tracemate.testing.corpus;
