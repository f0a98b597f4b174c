package io.tracemate.spanmetrics.config;

/**
 * Bucket bounds as the collector writes them ({@code 2ms}, {@code 100us}, {@code 1.5s}): Go's duration dialect,
 * read by {@link io.tracemate.common.units.GoDuration}, with the config path in the message.
 */
final class GoDuration {
  private GoDuration() {}

  /** Nanoseconds. */
  static double parseNanos(String text, String path) {
    try {
      return io.tracemate.common.units.GoDuration.parseNanos(text == null ? "" : text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          path
              + ": '"
              + text
              + "' is not a duration: use forms like 100us, 2ms, 1.5s"
              + (e.getMessage().startsWith("time: missing unit") ? " (a unit is required)" : ""),
          e);
    }
  }
}
