package io.tracemate.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void deadlinePassesOnTheInjectedClock() {
    AtomicLong now = new AtomicLong(1_000);
    Cancellation cancellation = Cancellation.withTimeout(Duration.ofNanos(500), now::get);
    assertThat(cancellation.isCancelled()).isFalse();
    assertThat(cancellation.remainingNanos()).isEqualTo(500);
    now.set(1_499);
    cancellation.check();
    now.set(1_500);
    assertThat(cancellation.reason()).isEqualTo(Cancellation.Reason.DEADLINE_EXCEEDED);
    assertThatThrownBy(cancellation::check)
        .isInstanceOfSatisfying(
            CancelledException.class,
            e -> assertThat(e.reason()).isEqualTo(Cancellation.Reason.DEADLINE_EXCEEDED));
  }

  @Test
  void theFirstReasonWins() {
    AtomicLong now = new AtomicLong();
    Cancellation cancellation = Cancellation.withTimeout(Duration.ofNanos(10), now::get);
    cancellation.cancel();
    now.set(100);
    assertThat(cancellation.reason()).isEqualTo(Cancellation.Reason.CANCELLED);
  }

  @Test
  void aChildStopsWithItsParentOrAtItsOwnDeadline() {
    AtomicLong now = new AtomicLong();
    Cancellation parent = Cancellation.withTimeout(Duration.ofNanos(1_000), now::get);
    Cancellation child = parent.withChildTimeout(Duration.ofNanos(100));
    now.set(100);
    assertThat(child.reason()).isEqualTo(Cancellation.Reason.DEADLINE_EXCEEDED);
    assertThat(parent.isCancelled()).isFalse();
    Cancellation other = parent.withChildTimeout(Duration.ofNanos(500));
    parent.cancel();
    assertThat(other.reason()).isEqualTo(Cancellation.Reason.CANCELLED);
  }

  @Test
  void withoutDeadlineOnlyCancelStops() {
    Cancellation cancellation = Cancellation.none();
    assertThat(cancellation.remainingNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(cancellation.isCancelled()).isFalse();
    cancellation.cancel();
    assertThat(cancellation.isCancelled()).isTrue();
  }

  @Test
  void hugeTimeoutsDoNotOverflow() {
    Cancellation cancellation = Cancellation.withTimeout(Duration.ofDays(365L * 1000));
    assertThat(cancellation.isCancelled()).isFalse();
    assertThat(cancellation.remainingNanos()).isPositive();
  }

  @Test
  void aGuardedSequenceStopsABacktrackingRegex() throws InterruptedException {
    Cancellation cancellation = Cancellation.none();
    // (.*a){20}$x can never match; on 40 characters java.util.regex would backtrack for hours
    Pattern catastrophic = Pattern.compile("(.*a){20}$x");
    String line = "a".repeat(40);
    Thread canceller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  cancellation.cancel();
                });
    assertThatThrownBy(() -> catastrophic.matcher(cancellation.guard(line)).find())
        .isInstanceOf(CancelledException.class);
    canceller.join();
  }

  @Test
  void aGuardedSequenceReadsLikeTheOriginal() {
    CharSequence guarded = Cancellation.none().guard("status=500 path=/api");
    assertThat(Pattern.compile("status=(\\d+)").matcher(guarded).find()).isTrue();
    assertThat(guarded.length()).isEqualTo(20);
    assertThat(guarded.toString()).isEqualTo("status=500 path=/api");
    assertThat(guarded.subSequence(0, 6).toString()).isEqualTo("status");
  }
}
