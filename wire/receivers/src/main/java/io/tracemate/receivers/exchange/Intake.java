package io.tracemate.receivers.exchange;

import io.tracemate.component.Batch;

/**
 * What one signal does with a decoded request around the consumer: what of it goes on, and what it counts. A
 * receiver's decoder turns a body into a submission {@code S} (decoded, and already checked: span start times,
 * log limits); the exchange asks for the batch, hands it to the consumer, and reports how that ended. Thread-safe.
 *
 * @param <S> the signal's decoded and checked request
 * @param <B> the batch handed to the consumer
 */
public interface Intake<S, B extends Batch> {

  /**
   * Counts what the request holds (received, and refused by the checks) and returns the batch to hand on, or
   * null when nothing of it is to be stored. Called once per request.
   */
  B admit(S submission);

  /** The consumer made the batch durable. */
  void accepted(S submission, B batch);

  /** The consumer refused the batch or failed; {@code answer} is what the client is told. */
  void refused(S submission, B batch, ErrorAnswer answer);
}
