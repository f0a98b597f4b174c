package io.tracemate.alerting.model;

/**
 * Receives each rule group's alerts after every evaluation. Called from the evaluation threads: an
 * implementation must return quickly and never block on a receiver (deliveries run elsewhere, so a failing
 * receiver never delays evaluation). Implementations are thread-safe.
 */
@FunctionalInterface
public interface AlertSink {
  void accept(AlertBatch batch);
}
