package io.tracemate.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RejectionSummaryTest {
  @Test
  void nothingRejectedSaysNothing() {
    assertThat(new RejectionSummary("span", "spans", "rejected").message()).isEmpty();
  }

  @Test
  void oneItemIsSingular() {
    RejectionSummary summary = new RejectionSummary("log record", "log records", "rejected");
    summary.add(out -> out.append("record 0 has no time"));
    assertThat(summary.message()).isEqualTo("1 log record rejected: record 0 has no time");
  }

  @Test
  void countsEveryItemButDescribesOnlyTheFirstThree() {
    RejectionSummary summary = new RejectionSummary("span", "spans", "rejected");
    AtomicInteger described = new AtomicInteger();
    for (int i = 0; i < 1000; i++) {
      int index = i;
      summary.add(
          out -> {
            described.incrementAndGet();
            out.append("span ").append(index).append(" is bad");
          });
    }
    assertThat(summary.count()).isEqualTo(1000);
    assertThat(described).hasValue(RejectionSummary.SHOWN);
    assertThat(summary.message())
        .isEqualTo(
            "1000 spans rejected: span 0 is bad; span 1 is bad; span 2 is bad; and 997 more");
  }
}
