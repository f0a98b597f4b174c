/**
 * What tests of every layer share instead of copying it: a {@link io.tracemate.testing.MutableClock}, builders for
 * the spans and log lines tests repeat, OTLP export requests ({@link io.tracemate.testing.otlp}), and deterministic corpora (shared with the benchmarks).
 *
 * <p>Used with test scope (the bench, a tool, uses the corpus at run time), so it depends on the foundation alone:
 * any module may use it without a cycle. It holds no test framework and nothing that starts a server; the JUnit
 * extensions that start a Tracemate server or a browser need the server module and live in assembly's test code.
 */
package io.tracemate.testing;
