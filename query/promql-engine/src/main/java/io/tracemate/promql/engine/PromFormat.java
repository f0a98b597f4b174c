package io.tracemate.promql.engine;

import io.tracemate.promql.syntax.GoStrings;

/**
 * Numbers and times as Prometheus' HTTP API writes them ({@code util/jsonutil}), for the later query API: a sample
 * value is a JSON string ({@code "1.5"}, {@code "+Inf"}, {@code "-Inf"}, {@code "NaN"}, an exponent below 1e-6 and
 * from 1e21 on), a timestamp a JSON number of seconds with up to three decimals ({@code 1435781451.781}). Stateless.
 */
public final class PromFormat {
  private PromFormat() {}

  /** A sample value as Prometheus' {@code MarshalFloat} writes it inside the JSON string. */
  public static String value(double value) {
    double abs = Math.abs(value);
    if (abs != 0
        && (abs < 1e-6 || abs >= 1e21)
        && !Double.isInfinite(value)
        && !Double.isNaN(value)) {
      return GoStrings.formatFloatExponent(value);
    }
    return GoStrings.formatFloat(value);
  }

  /** A timestamp as Prometheus' {@code MarshalTimestamp} writes it: seconds, then {@code .} and three digits if any. */
  public static String timestamp(long millis) {
    StringBuilder out = new StringBuilder();
    long t = millis;
    if (t < 0) {
      out.append('-');
      t = -t;
    }
    out.append(t / 1000);
    long fraction = t % 1000;
    if (fraction != 0) {
      out.append('.');
      if (fraction < 100) {
        out.append('0');
      }
      if (fraction < 10) {
        out.append('0');
      }
      out.append(fraction);
    }
    return out.toString();
  }
}
