package io.tracemate.pipeline.sampling;

/**
 * A policy's verdict, with the collector's five values. The inverted ones come from {@code invert_match} and
 * weigh differently in the final decision (see {@link PolicyChain}); {@link #DROPPED} comes only from a
 * {@code drop} policy and overrides everything.
 */
enum Decision {
  SAMPLED,
  NOT_SAMPLED,
  INVERT_SAMPLED,
  INVERT_NOT_SAMPLED,
  DROPPED;

  /** Whether this verdict, on its own, asks to keep the trace (what composite and per-policy counts use). */
  boolean samples() {
    return this == SAMPLED || this == INVERT_SAMPLED;
  }
}
