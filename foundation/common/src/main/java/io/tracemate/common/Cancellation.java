package io.tracemate.common;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Tells the work of one query when to stop: its deadline passed, or whoever asked for it went away (the HTTP
 * client disconnected, the request timed out, a sibling part of the query failed).
 *
 * <p>One instance per query, handed down to every layer that can spend time on it (the LogQL engine and its
 * parallel parts, the log store's scans, the span store's searches, a tail's pipeline). Long loops call
 * {@link #check()} (or {@link #isCancelled()}) at a cheap cadence: per chunk, per page, every few hundred entries,
 * never per byte. A check is one volatile read plus, when there is a deadline, one {@link System#nanoTime()}.
 * Work that cannot loop back to a check, such as a regex match over a long text, reads its input through
 * {@link #guard(CharSequence)}.
 *
 * <p>The first reason wins: once cancelled, an instance stays cancelled with that reason. Thread-safe: any thread
 * may cancel, every thread working on the query may check.
 */
public final class Cancellation {
  /** Why work stopped. */
  public enum Reason {
    /** The query's time budget ran out. */
    DEADLINE_EXCEEDED,
    /** Nobody waits for the answer any more (client gone, request cancelled, a sibling part failed). */
    CANCELLED
  }

  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final LongSupplier nanoClock;
  private final long deadlineNanos;
  private final Cancellation parent;
  private final AtomicReference<Reason> reason = new AtomicReference<>();

  private Cancellation(long deadlineNanos, LongSupplier nanoClock, Cancellation parent) {
    this.deadlineNanos = deadlineNanos;
    this.nanoClock = nanoClock;
    this.parent = parent;
  }

  /** Never times out; stops only when {@link #cancel()} is called. */
  public static Cancellation none() {
    return new Cancellation(NO_DEADLINE, System::nanoTime, null);
  }

  /** Times out {@code timeout} from now. */
  public static Cancellation withTimeout(Duration timeout) {
    return withTimeout(timeout, System::nanoTime);
  }

  /** Times out {@code timeout} from now on the given monotonic clock (nanoseconds), for tests. */
  public static Cancellation withTimeout(Duration timeout, LongSupplier nanoClock) {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(nanoClock, "nanoClock");
    long now = nanoClock.getAsLong();
    long nanos =
        timeout.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) > 0
            ? Long.MAX_VALUE / 2
            : Math.max(0, timeout.toNanos());
    return new Cancellation(now + nanos, nanoClock, null);
  }

  /**
   * A cancellation for part of this work with a time-out of its own (such as the history query of a live tail):
   * it stops at its own deadline, when cancelled itself, or when this one stops (with this one's reason).
   */
  public Cancellation withChildTimeout(Duration timeout) {
    Cancellation child = withTimeout(timeout, nanoClock);
    return new Cancellation(child.deadlineNanos, nanoClock, this);
  }

  /** Stops the work: nobody waits for it any more. Does nothing when already cancelled. */
  public void cancel() {
    reason.compareAndSet(null, Reason.CANCELLED);
  }

  /** Whether the work should stop. */
  public boolean isCancelled() {
    if (reason.get() != null) {
      return true;
    }
    if (parent != null && parent.isCancelled()) {
      reason.compareAndSet(null, parent.reason.get());
      return true;
    }
    if (deadlineNanos != NO_DEADLINE && nanoClock.getAsLong() - deadlineNanos >= 0) {
      reason.compareAndSet(null, Reason.DEADLINE_EXCEEDED);
      return true;
    }
    return false;
  }

  /** Why the work stopped, or null while it may go on. */
  public Reason reason() {
    return isCancelled() ? reason.get() : null;
  }

  /** @throws CancelledException when the work should stop */
  public void check() {
    if (isCancelled()) {
      throw new CancelledException(reason.get());
    }
  }

  /** Nanoseconds left before the deadline (negative once passed); {@link Long#MAX_VALUE} without a deadline. */
  public long remainingNanos() {
    return deadlineNanos == NO_DEADLINE ? Long.MAX_VALUE : deadlineNanos - nanoClock.getAsLong();
  }

  /**
   * {@code text} as a sequence whose {@code charAt} checks this cancellation every few thousand calls, for code
   * that loops over it without returning, such as a regex match over a long text: the match then throws
   * {@link CancelledException} instead of running on after the query ended.
   */
  public CharSequence guard(CharSequence text) {
    return guard(text, GuardedCharSequence.CHECK_EVERY);
  }

  /**
   * Like {@link #guard(CharSequence)}, checking every {@code checkEvery} reads: fewer for code that spends long per
   * character (RE2/J's matcher steps every thread of its program on each character).
   */
  public CharSequence guard(CharSequence text, int checkEvery) {
    if (checkEvery <= 0) {
      throw new IllegalArgumentException("checkEvery must be positive, got " + checkEvery);
    }
    return new GuardedCharSequence(text, this, checkEvery);
  }

  @Override
  public String toString() {
    Reason now = reason();
    return now != null
        ? "Cancellation[" + now + "]"
        : deadlineNanos == NO_DEADLINE
            ? "Cancellation[no deadline]"
            : "Cancellation[" + remainingNanos() / 1_000_000 + " ms left]";
  }
}
