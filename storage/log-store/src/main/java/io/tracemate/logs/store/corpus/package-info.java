/**
 * A deterministic generator of realistic application logs ({@link io.tracemate.logs.store.corpus.LogCorpus}),
 * shared by the log store's size test and the benchmarks, so every figure quoted for the store is measured on
 * the same kind of data.
 */
package io.tracemate.logs.store.corpus;
