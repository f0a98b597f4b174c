package io.tracemate.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.alerting.model.AlertBatch;
import io.tracemate.common.tenant.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchQueueTest {
  private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aFullQueueDropsTheOldestBatchOfTheSameGroupElseTheOldestOfAll() {
    BatchQueue queue = new BatchQueue(3);
    AlertBatch a1 = batch("a", 1);
    AlertBatch b1 = batch("b", 2);
    AlertBatch a2 = batch("a", 3);
    assertThat(queue.offer(a1)).isFalse();
    assertThat(queue.offer(b1)).isFalse();
    assertThat(queue.offer(a2)).isFalse();

    AlertBatch b2 = batch("b", 4);
    assertThat(queue.offer(b2)).isTrue();
    AlertBatch c1 = batch("c", 5);
    assertThat(queue.offer(c1)).isTrue();

    assertThat(List.of(queue.poll(), queue.poll(), queue.poll())).containsExactly(a2, b2, c1);
    assertThat(queue.poll()).isNull();
    assertThat(queue.size()).isZero();
  }

  private static AlertBatch batch(String group, int second) {
    return new AlertBatch(
        TenantId.DEFAULT, "ns", group, Duration.ofMinutes(1), T0.plusSeconds(second), List.of());
  }
}
