/**
 * The span storage contract suite: {@link io.tracemate.storage.tck.StorageContractTest} is what every
 * {@link io.tracemate.storage.StorageBackend} must pass. A backend module depends on this artifact with test
 * scope and adds one subclass that opens its backend over a directory. The log store suite sits beside it in
 * {@code io.tracemate.logs.tck}.
 *
 * <p>The tests are spread over contract interfaces by topic (round trip, search, trace summaries, catalog,
 * dependencies, durability, concurrency, tenant isolation) so each stays readable; they reach the backend only
 * through the SPI, so a passing backend behaves the same as any other to the query layer. A backend that keeps
 * nothing once closed (the in-memory reference) says so with {@code persistent()}, and the reopen tests skip.
 */
package io.tracemate.storage.tck;
