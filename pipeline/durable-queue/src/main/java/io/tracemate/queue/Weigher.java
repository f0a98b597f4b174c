package io.tracemate.queue;

import io.tracemate.component.Batch;

/**
 * What a batch costs the queue's memory bound, in the signal's unit: spans, or line bytes. Stateless.
 */
public interface Weigher<B extends Batch> {

  long weigh(B batch);

  /** The unit, as messages and metric help name it: {@code spans}, {@code line bytes}. */
  String unit();

  /**
   * How many units one permit stands for, so that a bound of gigabytes fits a semaphore; a batch takes at least
   * one permit.
   */
  default long permitSize() {
    return 1;
  }
}
