/**
 * Fuzzing the parsers of outside input with jqwik: a {@link io.tracemate.testing.fuzz.FuzzTarget} property runs for
 * a fixed time ({@code fuzz.seconds}) on {@link io.tracemate.testing.fuzz.Mutants} of its
 * {@link io.tracemate.testing.fuzz.SeedCorpus} and asserts {@link io.tracemate.testing.fuzz.Outcomes}: accepted, or
 * refused with the parser's documented exception and a message; within a bound of CPU and heap per input.
 *
 * <p>jqwik is an optional dependency of test-support: a module with fuzz targets declares it (test scope), and
 * nothing else, the bench among them, gets it.
 */
package io.tracemate.testing.fuzz;
