package io.tracemate.logs.store;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A list that only grows, written by one thread and read by many without locks: a posting list of the label
 * index (streams in the order they were added, i.e. by local stream ID), or the store's stream IDs.
 *
 * <p>The writer fills the slot past the end, then publishes the new size in one volatile write; when the array
 * is full it is replaced by a copy of twice the size, published before the size. A reader reads the size first
 * and the array second, so it always gets an array holding at least that many filled slots and never sees a
 * half-added element. Adding is amortised O(1) (the doublings copy each element about once in total), unlike a
 * copy-on-write list, which copies everything on every add: with 300,000 new streams that was minutes of
 * copying and hundreds of megabytes of garbage.
 *
 * <p>Thread-safety: one writer at a time (callers serialize {@link #add}); any number of concurrent readers.
 * {@link #snapshot()} is an immutable view of the elements present when it was taken.
 */
final class AppendOnlyList<E> {
  private static final Object[] EMPTY = new Object[0];

  private volatile Object[] elements = EMPTY;
  private volatile int size;

  /**
   * Writer only.
   *
   * @return how many slots were copied to make room (0 unless the array had to grow)
   */
  int add(E element) {
    Object[] array = elements;
    int n = size;
    int copied = 0;
    if (n == array.length) {
      array = Arrays.copyOf(array, Math.max(2, n * 2));
      copied = n;
      elements = array; // published before the size that makes the new slot visible
    }
    array[n] = element;
    size = n + 1;
    return copied;
  }

  int size() {
    return size;
  }

  /** The element at {@code index}, or null when {@code index} is not below the published size. */
  @SuppressWarnings("unchecked")
  E getOrNull(int index) {
    int n = size; // the size first: the array read next holds at least n filled slots
    return index >= 0 && index < n ? (E) elements[index] : null;
  }

  /** Slots allocated, for memory accounting. */
  int capacity() {
    return elements.length;
  }

  /** The elements added so far; later adds do not show in it. */
  List<E> snapshot() {
    int n = size; // the size first: the array read next holds at least n filled slots
    return n == 0 ? List.of() : new View<>(elements, n);
  }

  private static final class View<E> extends AbstractList<E> implements RandomAccess {
    private final Object[] elements;
    private final int size;

    View(Object[] elements, int size) {
      this.elements = elements;
      this.size = size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + " of " + size);
      }
      return (E) elements[index];
    }

    @Override
    public int size() {
      return size;
    }
  }
}
