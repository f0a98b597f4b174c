package io.tracemate.receivers.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestBodyBudgetTest {
  private static final Duration RETRY = Duration.ofMillis(1500);

  @Test
  void requestsShareTheBudgetAndGiveItBackWhenReleased() {
    RequestBodyBudget budget = new RequestBodyBudget(1000, RETRY);
    RequestBodyBudget.Lease first = budget.newLease();
    RequestBodyBudget.Lease second = budget.newLease();

    first.charge(600);
    second.charge(400);

    assertThat(budget.bytesInUse()).isEqualTo(1000);
    assertThat(first.held()).isEqualTo(600);
    first.release();
    assertThat(budget.bytesInUse()).isEqualTo(400);
    second.release();
    second.release();
    assertThat(budget.bytesInUse()).isZero();
  }

  @Test
  void aChargePastTheLimitIsRefusedAsRetryableAndTakesNothing() {
    RequestBodyBudget budget = new RequestBodyBudget(1000, RETRY);
    RequestBodyBudget.Lease holder = budget.newLease();
    RequestBodyBudget.Lease late = budget.newLease();
    holder.charge(900);
    late.charge(50);

    BodyBudgetExhaustedException refused =
        catchThrowableOfType(BodyBudgetExhaustedException.class, () -> late.charge(51));

    assertThat(refused.getMessage()).contains("1000 bytes").contains("retry later");
    assertThat(refused.retryAfter()).isEqualTo(RETRY);
    assertThat(refused.retryAfterSeconds()).isEqualTo(2);
    assertThat(late.held()).isEqualTo(50);
    assertThat(budget.bytesInUse()).isEqualTo(950);
    // One refused request is one refusal, however many of its chunks bounce.
    assertThatThrownBy(() -> late.charge(100)).isInstanceOf(BodyBudgetExhaustedException.class);
    assertThat(budget.refusals()).isEqualTo(1);
  }

  @Test
  void aRequestAloneMayPassTheLimitSoThatNoBodyWithinThePerRequestLimitIsRefusedForever() {
    RequestBodyBudget budget = new RequestBodyBudget(1000, RETRY);
    RequestBodyBudget.Lease alone = budget.newLease();
    RequestBodyBudget.Lease other = budget.newLease();

    alone.charge(800);
    alone.charge(700);

    assertThat(budget.bytesInUse()).isEqualTo(1500);
    assertThatThrownBy(() -> other.charge(1)).isInstanceOf(BodyBudgetExhaustedException.class);
    alone.release();
    other.charge(1000);
    assertThat(budget.bytesInUse()).isEqualTo(1000);
  }

  @Test
  void chargingAfterTheExchangeEndedStopsTheWorkAndHoldsNothing() {
    RequestBodyBudget budget = new RequestBodyBudget(1000, RETRY);
    RequestBodyBudget.Lease lease = budget.newLease();
    lease.charge(10);
    lease.release();

    assertThatThrownBy(() -> lease.charge(10)).isInstanceOf(CancellationException.class);
    assertThat(budget.bytesInUse()).isZero();
  }

  @Test
  void withoutABudgetDecoratorNothingIsCharged() {
    RequestBodyBudget.Lease unbudgeted = RequestBodyBudget.leaseOf(null);

    unbudgeted.charge(Long.MAX_VALUE / 2);

    assertThat(unbudgeted.held()).isZero();
  }

  @Test
  void metricsShowUseLimitAndRefusals() {
    PrometheusRegistry registry = new PrometheusRegistry();
    RequestBodyBudget budget = new RequestBodyBudget(1000, RETRY).registerMetrics(registry);
    RequestBodyBudget.Lease holder = budget.newLease();
    holder.charge(700);
    assertThatThrownBy(() -> budget.newLease().charge(400))
        .isInstanceOf(BodyBudgetExhaustedException.class);

    assertThat(gauge(registry, "tracemate_receiver_inflight_request_bytes")).isEqualTo(700);
    assertThat(gauge(registry, "tracemate_receiver_inflight_request_limit_bytes")).isEqualTo(1000);
    assertThat(counter(registry, "tracemate_receiver_inflight_request_refusals")).isEqualTo(1);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new RequestBodyBudget(0, RETRY)).hasMessageContaining("maxBytes");
    assertThatThrownBy(() -> new RequestBodyBudget(1, Duration.ZERO))
        .hasMessageContaining("retryAfter");
  }

  /**
   * Many requests charging and releasing at once: nothing leaks, and whenever two or more hold bytes the total
   * stays within the limit (only a request alone may pass it).
   */
  @Test
  void concurrentRequestsNeverLeakAndStayWithinTheLimitTogether() throws Exception {
    long seed = System.nanoTime();
    RequestBodyBudget budget = new RequestBodyBudget(64 * 1024, RETRY);
    AtomicLong largestWithOthers = new AtomicLong();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    CyclicBarrier allHolding = new CyclicBarrier(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Random random = new Random(seed + t);
        done.add(
            threads.submit(
                () -> {
                  // First all eight hold 16 KiB at once (half of them are refused), so overlap and
                  // refusals happen however the machine schedules the threads; then random traffic.
                  RequestBodyBudget.Lease first = budget.newLease();
                  try {
                    first.charge(16 * 1024);
                  } catch (BodyBudgetExhaustedException refused) {
                    // retryable
                  }
                  try {
                    allHolding.await(30, TimeUnit.SECONDS);
                    long inUse = budget.bytesInUse();
                    if (inUse > first.held()) {
                      largestWithOthers.accumulateAndGet(inUse, Math::max);
                    }
                  } finally {
                    first.release();
                  }
                  for (int request = 0; request < 2000; request++) {
                    RequestBodyBudget.Lease lease = budget.newLease();
                    try {
                      for (int chunk = random.nextInt(16); chunk >= 0; chunk--) {
                        lease.charge(1 + random.nextInt(4096));
                        long inUse = budget.bytesInUse();
                        if (inUse > lease.held()) {
                          largestWithOthers.accumulateAndGet(inUse, Math::max);
                        }
                      }
                    } catch (BodyBudgetExhaustedException refused) {
                      // retryable; the client would come back later
                    } finally {
                      lease.release();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(budget.bytesInUse()).as("seed %d", seed).isZero();
    assertThat(budget.refusals()).as("seed %d", seed).isPositive();
    assertThat(largestWithOthers.get())
        .as("seed %d", seed)
        .isPositive()
        .isLessThanOrEqualTo(64 * 1024);
  }

  private static double gauge(PrometheusRegistry registry, String name) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof GaugeSnapshot gauge && gauge.getMetadata().getName().equals(name)) {
        return gauge.getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no gauge " + name);
  }

  private static double counter(PrometheusRegistry registry, String name) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot instanceof CounterSnapshot counter
          && counter.getMetadata().getName().equals(name)) {
        return counter.getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no counter " + name);
  }
}
