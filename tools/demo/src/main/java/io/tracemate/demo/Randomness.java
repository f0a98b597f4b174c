package io.tracemate.demo;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

/**
 * The scenario dice: latencies drawn from a clipped log-normal distribution (a long right tail,
 * like real service latencies), probabilities and picks. Not thread-safe: one per generator thread.
 */
final class Randomness {

  private final RandomGenerator random;

  Randomness(RandomGenerator random) {
    this.random = random;
  }

  RandomGenerator generator() {
    return random;
  }

  /**
   * A latency in nanoseconds around {@code medianMillis}; {@code sigma} is the spread of the
   * underlying normal (0.3 tight, 0.8 very jittery). Clipped to [median/5, median*15].
   */
  long millis(double medianMillis, double sigma) {
    double factor = Math.exp(sigma * random.nextGaussian());
    factor = Math.max(0.2, Math.min(15, factor));
    return Math.max(1_000, (long) (medianMillis * factor * TimeUnit.MILLISECONDS.toNanos(1)));
  }

  /** One network hop inside the cluster. */
  long hop() {
    return millis(0.35, 0.5);
  }

  /** Framework/serialization overhead of a handler before or after its real work. */
  long overhead() {
    return millis(0.15, 0.6);
  }

  boolean chance(double probability) {
    return probability > 0 && random.nextDouble() < probability;
  }

  int between(int lowInclusive, int highInclusive) {
    return lowInclusive + random.nextInt(highInclusive - lowInclusive + 1);
  }

  <T> T pick(List<T> choices) {
    return choices.get(random.nextInt(choices.size()));
  }

  String digits(int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }
}
