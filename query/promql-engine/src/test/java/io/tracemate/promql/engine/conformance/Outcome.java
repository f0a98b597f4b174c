package io.tracemate.promql.engine.conformance;

/**
 * What running one eval command gave.
 *
 * @param status  passed, failed, or skipped (uses something Tracemate does not support)
 * @param message why it failed or was skipped
 */
record Outcome(Status status, String message) {
  enum Status {
    PASS,
    FAIL,
    SKIP
  }

  static Outcome pass() {
    return new Outcome(Status.PASS, "");
  }

  static Outcome fail(String message) {
    return new Outcome(Status.FAIL, message);
  }

  static Outcome skip(String reason) {
    return new Outcome(Status.SKIP, reason);
  }
}
