package io.tracemate.http.prometheus.series;

import io.tracemate.red.RedSeriesStore;
import java.util.Map;

/**
 * One metric name answered from one RED store: which store keys it covers and under which labels, and which figure
 * of their slots its samples count up.
 *
 * @param name the metric name ({@code __name__})
 * @param store the RED store read
 * @param labels the Prometheus labels of a store key, without {@code __name__}; null for a key the family leaves out
 * @param extraLabels labels every series of the family has on top (the calls' {@code status_code})
 * @param figure what the samples count
 * @param bounds bucket upper bounds (only for {@link Figure#BUCKETS}), in the histogram's unit, without +Inf
 * @param nanosPerUnit the histogram's unit (for {@link Figure#BUCKETS} and {@link Figure#DURATION_SUM})
 * @param expirationMillis a series without an increase this long leaves /metrics (a staleness marker); 0 never
 */
record Family(
    String name,
    RedSeriesStore store,
    ExposedLabels labels,
    Map<String, String> extraLabels,
    Figure figure,
    double[] bounds,
    double nanosPerUnit,
    long expirationMillis) {

  /** What a family's samples count, cumulated over the store's slots. */
  enum Figure {
    /** Every call. */
    CALLS,
    /** Failed calls. */
    ERRORS,
    /** Calls that did not fail. */
    NON_ERRORS,
    /** The sum of the calls' durations, in the histogram's unit. */
    DURATION_SUM,
    /** Calls per histogram bucket: one series per {@code le}, each counting the calls up to its bound. */
    BUCKETS
  }

  Family {
    extraLabels = Map.copyOf(extraLabels);
    bounds = bounds == null ? new double[0] : bounds.clone();
  }

  /** The increase of the figure that decides where a series starts and whether it is still alive. */
  long activity(long calls, long errors) {
    return switch (figure) {
      case ERRORS -> errors;
      case NON_ERRORS -> calls - errors;
      default -> calls;
    };
  }
}
