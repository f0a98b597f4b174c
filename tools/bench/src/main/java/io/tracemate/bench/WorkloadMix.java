package io.tracemate.bench;

import java.util.List;

/**
 * The share of synthetic traces that are interesting to a tail sampler: failed ones (an error travels up from
 * one leaf), slow ones (one leaf takes 600 to 1500 ms, so the trace passes a 500 ms latency threshold) and
 * business-critical ones (the entry span carries {@code business.transaction}, one of
 * {@link #BUSINESS_TRANSACTIONS}). Each share is drawn independently per trace, so a trace may be several.
 * The default is the bench's historical workload: 1 % failed, none slow or business-tagged.
 *
 * @param errorShare 0..1
 * @param slowShare 0..1
 * @param businessShare 0..1
 */
public record WorkloadMix(double errorShare, double slowShare, double businessShare) {
  public static final WorkloadMix DEFAULT = new WorkloadMix(0.01, 0, 0);
  public static final String BUSINESS_KEY = "business.transaction";

  /** The critical flows of the seeds' tail-sampling policy (credit-card payment, user registration). */
  public static final List<String> BUSINESS_TRANSACTIONS =
      List.of("credit-card-payment", "user-registration");

  public WorkloadMix {
    check("--error-share", errorShare);
    check("--slow-share", slowShare);
    check("--business-share", businessShare);
  }

  private static void check(String option, double share) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(option + " must be within 0..1, got " + share);
    }
  }
}
