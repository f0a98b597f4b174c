package io.tracemate.querysupport;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument checks of the engines' settings records ({@code EngineLimits}, {@code EngineSettings}), each
 * refusing with one message shape, {@code "<name> must be positive, got <value>"}, so that a setting read from the
 * configuration is named the same way whichever engine it belongs to. Each returns the value it checked. Stateless.
 */
public final class SettingChecks {
  private SettingChecks() {}

  /** @throws IllegalArgumentException when {@code value} is 0 or negative */
  public static long positive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * @throws NullPointerException when {@code value} is null
   * @throws IllegalArgumentException when {@code value} is zero or negative
   */
  public static Duration positive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
    return value;
  }

  /**
   * For a setting where 0 turns the limit off.
   *
   * @param zeroMeans what 0 means, for the message ("unlimited", "none")
   * @throws IllegalArgumentException when {@code value} is negative
   */
  public static long zeroOrPositive(String name, long value, String zeroMeans) {
    if (value < 0) {
      throw new IllegalArgumentException(
          name + " must be 0 (" + zeroMeans + ") or positive, got " + value);
    }
    return value;
  }

  /** As {@link #zeroOrPositive(String, long, String)} for a duration; null is refused too. */
  public static Duration zeroOrPositive(String name, Duration value, String zeroMeans) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(
          name + " must be 0 (" + zeroMeans + ") or positive, got " + value);
    }
    return value;
  }
}
