/**
 * The in-memory reference span store ({@link io.tracemate.storage.memory.InMemoryStorage}): the
 * {@code io.tracemate.storage} SPI over spans in the heap, searched by scanning. It is the executable reading of
 * the SPI's javadoc: it passes the contract suite ({@code io.tracemate.storage.tck}) like every other backend, and
 * the query layer's tests run on it rather than on fakes of their own. Simplicity over speed; thread-safe by one
 * lock. Depends on the span SPI and model only.
 */
package io.tracemate.storage.memory;
