package io.tracemate.testing.fuzz;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * A jqwik property that fuzzes one parser of outside input for a fixed time rather than a fixed number of tries:
 * {@value FuzzBudget#SECONDS_PROPERTY} seconds (system property; {@value FuzzBudget#DEFAULT_SECONDS} when unset,
 * which is what CI runs; {@code mvn verify -Dfuzz.seconds=600} fuzzes longer by hand). Each try is also held to a
 * bound on the CPU time and the heap its thread spends, so that a hang or an unbounded allocation fails the
 * property as an exception does. A falsified input is shrunk, then written under {@code target/fuzz-failures/} so
 * that it can join the target's seed corpus ({@link SeedCorpus}) with a regression test naming the bug.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
// One seed: a run explores the same inputs in the same order, so CI can fail only on an input every
// run of at
// least its length meets (a new finding surfaces where the fuzzer is run longer, not as a red CI by
// chance).
@Property(
    seed = "20261207",
    tries = FuzzBudget.MAX_TRIES,
    generation = GenerationMode.RANDOMIZED,
    shrinking = ShrinkingMode.BOUNDED,
    afterFailure = AfterFailureMode.SAMPLE_FIRST)
@AddLifecycleHook(FuzzBudget.class)
public @interface FuzzTarget {
  /** The most CPU time one try may take: more is reported as a hang. */
  long maxCpuMillisPerTry() default 2_000;

  /** The most heap one try may allocate on its thread (garbage included): more is an unbounded allocation. */
  long maxAllocatedBytesPerTry() default 256L << 20;
}
