/**
 * The in-memory reference log store ({@link io.tracemate.logs.memory.InMemoryLogStore}): the
 * {@code io.tracemate.logs} SPI over streams in the heap, scanned whole. It is the executable reading of the SPI's
 * javadoc: it passes the log store contract suite ({@code io.tracemate.logs.tck}) like every other backend, and the
 * LogQL engine's and the Loki API's tests run on it rather than on fakes of their own. Simplicity over speed;
 * thread-safe by one lock. Depends on the log SPI and model only.
 */
package io.tracemate.logs.memory;
