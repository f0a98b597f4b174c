package io.tracemate.queue;

import io.tracemate.component.Batch;

/**
 * What a batch costs the queue's two memory bounds: its weight in the signal's unit (spans, or line bytes), which
 * operators count in, and the bytes of heap it holds while it waits, which is what runs out (one span can carry a
 * 60 MiB attribute). Stateless.
 */
public interface Weigher<B extends Batch> {

  long weigh(B batch);

  /**
   * An estimate, never below the truth, of the heap {@code batch} holds while it waits for the store: the objects
   * the store still needs (what {@link PayloadCodec#retained} keeps), shared ones (a batch's resource) counted
   * once.
   */
  long heapBytes(B batch);

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
