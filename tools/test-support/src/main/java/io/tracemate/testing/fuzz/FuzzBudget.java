package io.tracemate.testing.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;
import net.jqwik.api.lifecycle.Store;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * The lifecycle of a {@link FuzzTarget}: ends the property successfully once its time budget is spent, fails a
 * try that spent more CPU or heap than the target allows, and saves the (shrunk) input that falsified it. jqwik
 * creates the hook; it keeps no state of its own (the deadline lives in the property's store).
 */
public final class FuzzBudget implements AroundPropertyHook, AroundTryHook {
  public static final String SECONDS_PROPERTY = "fuzz.seconds";
  public static final int DEFAULT_SECONDS = 3;

  /** Never reached in practice: the time budget ends a property. */
  static final int MAX_TRIES = 100_000_000;

  private static final String DEADLINE = FuzzBudget.class.getName() + ".deadline";
  private static final Path FAILURES = Path.of("target", "fuzz-failures");

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** The budget of one target, from {@value #SECONDS_PROPERTY}; 0 runs only the first try. */
  public static long budgetNanos() {
    String value = System.getProperty(SECONDS_PROPERTY);
    long seconds =
        value == null || value.isBlank() ? DEFAULT_SECONDS : Long.parseLong(value.trim());
    if (seconds < 0) {
      throw new IllegalArgumentException(SECONDS_PROPERTY + " must not be negative: " + value);
    }
    return seconds * 1_000_000_000L;
  }

  @Override
  public PropertyExecutionResult aroundProperty(
      PropertyLifecycleContext context, PropertyExecutor property) {
    long start = System.nanoTime();
    PropertyExecutionResult result = property.execute();
    context
        .reporter()
        .publishValue(
            "fuzz",
            result.countTries()
                + " inputs in "
                + (System.nanoTime() - start) / 1_000_000
                + " ms (seed "
                + result.seed().orElse("?")
                + ")");
    if (result.status() != PropertyExecutionResult.Status.FAILED) {
      return result;
    }
    Optional<Path> saved =
        result
            .falsifiedParameters()
            .flatMap(
                parameters ->
                    save(
                        context.containerClass().getSimpleName()
                            + "."
                            + context.targetMethod().getName(),
                        parameters));
    if (saved.isEmpty()) {
      return result;
    }
    Throwable cause = result.throwable().orElse(null);
    return result.mapToFailed(
        new AssertionError(
            "falsified by the input saved in "
                + saved.get().toAbsolutePath()
                + " (add it to the target's seed corpus with a test that names the bug): "
                + (cause == null ? "" : cause),
            cause));
  }

  @Override
  public int aroundPropertyProximity() {
    return 10; // closest to the property: sees the failure jqwik reports
  }

  @Override
  public TryExecutionResult aroundTry(
      TryLifecycleContext context, TryExecutor aTry, List<Object> parameters) {
    FuzzTarget target = context.findAnnotation(FuzzTarget.class).orElseThrow();
    // The first try starts the clock: what jqwik does before it (finding arbitraries) is not
    // fuzzing.
    Store<Long> deadline =
        Store.getOrCreate(DEADLINE, Lifespan.PROPERTY, () -> System.nanoTime() + budgetNanos());
    deadline.get(); // a store's initializer runs on first read
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
    TryExecutionResult result = aTry.execute(parameters);
    long cpuMillis = (THREADS.getCurrentThreadCpuTime() - cpuBefore) / 1_000_000;
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
    if (!result.isSatisfied()) {
      return result;
    }
    if (cpuMillis > target.maxCpuMillisPerTry()) {
      return TryExecutionResult.falsified(
          new AssertionError(
              "one input took "
                  + cpuMillis
                  + " ms of CPU, more than the "
                  + target.maxCpuMillisPerTry()
                  + " ms a parser may spend on it"));
    }
    if (allocated > target.maxAllocatedBytesPerTry()) {
      return TryExecutionResult.falsified(
          new AssertionError(
              "one input made the parser allocate "
                  + allocated
                  + " bytes, more than the "
                  + target.maxAllocatedBytesPerTry()
                  + " allowed"));
    }
    return System.nanoTime() - deadline.get() >= 0 ? TryExecutionResult.satisfied(true) : result;
  }

  @Override
  public int aroundTryProximity() {
    return 10; // closest to the property method: measure the try alone
  }

  private static Optional<Path> save(String property, List<Object> parameters) {
    for (Object parameter : parameters) {
      byte[] bytes =
          switch (parameter) {
            case Mutant mutant -> mutant.bytes();
            case byte[] raw -> raw;
            case String text -> text.getBytes(StandardCharsets.UTF_8);
            default -> null;
          };
      if (bytes == null) {
        continue;
      }
      try {
        Path dir = FAILURES.resolve(property);
        Files.createDirectories(dir);
        Path file = dir.resolve(HexFormat.of().formatHex(sha256(bytes), 0, 8));
        Files.write(file, bytes);
        return Optional.of(file);
      } catch (IOException e) {
        return Optional.empty(); // the failure is reported all the same, with the input printed
      }
    }
    return Optional.empty();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
