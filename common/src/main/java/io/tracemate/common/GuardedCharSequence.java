package io.tracemate.common;

/**
 * A char sequence that checks a {@link Cancellation} every {@value #CHECK_EVERY} {@code charAt} calls. A regex
 * matcher reads its input only through {@code charAt}, so a backtracking match over a short line, which may make
 * billions of calls, stops within microseconds of the cancellation. Not thread-safe (one per match), like the
 * matcher that reads it.
 */
final class GuardedCharSequence implements CharSequence {
  /** A power of two: a check costs ~20 ns, 4096 reads ~2 µs, so the overhead stays under 1 %. */
  static final int CHECK_EVERY = 4096;

  private final CharSequence text;
  private final Cancellation cancellation;
  private int reads;

  GuardedCharSequence(CharSequence text, Cancellation cancellation) {
    this.text = text;
    this.cancellation = cancellation;
  }

  @Override
  public char charAt(int index) {
    if ((++reads & (CHECK_EVERY - 1)) == 0) {
      cancellation.check();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
