package io.tracemate.pipeline.sampling;

/**
 * One sampling policy. Evaluated only on the sampler's thread, so stateful policies (rate limits) need no
 * locking.
 */
interface Policy {
  Decision evaluate(DecodedTrace trace);
}
