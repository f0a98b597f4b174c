package io.tracemate.logs;

import io.tracemate.common.Cancellation;

/**
 * What stands between a client's acknowledgement and the store: a read that first {@linkplain #awaitStored waits}
 * sees every line acknowledged before it started (the log store shows a line as soon as its write returns).
 */
@FunctionalInterface
public interface AcknowledgedWrites {

  /** Nothing to wait for: reads see what the store has. */
  AcknowledgedWrites NONE = cancellation -> {};

  /**
   * Returns once every write acknowledged before this call is in the store, or once the implementation's own bound
   * on the wait or the read's deadline passed (the read then sees what the store has).
   */
  void awaitStored(Cancellation cancellation);
}
