package io.tracemate.bench.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.codec.logs.LokiPushDecoder;
import io.tracemate.logs.model.LogStream;
import io.tracemate.testing.corpus.LogCorpus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusBatchesTest {

  private static final long START = 1_763_700_000_000_000_000L;

  private static List<PushBatch> all(long seed, long maxBytes) {
    CorpusBatches batches =
        new CorpusBatches(new LogCorpus(seed, 20, START, 1_000_000), PushFormat.JSON, 50, maxBytes);
    List<PushBatch> out = new ArrayList<>();
    PushBatch batch;
    while ((batch = batches.next()) != null) {
      out.add(batch);
    }
    return out;
  }

  @Test
  void theSameSeedGivesByteIdenticalRequests() {
    List<PushBatch> first = all(7, 200_000);
    List<PushBatch> second = all(7, 200_000);

    assertThat(first).hasSameSizeAs(second);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).body()).isEqualTo(first.get(i).body());
    }
    assertThat(all(8, 200_000).getFirst().body()).isNotEqualTo(first.getFirst().body());
  }

  @Test
  void stopsInTheBatchThatPassesTheByteBudgetAndCountsWhatItSends() {
    List<PushBatch> batches = all(1, 100_000);

    long lineBytes = batches.stream().mapToLong(PushBatch::lineBytes).sum();
    // 50 lines of ~870 bytes per batch: the budget is passed within the last batch, not before it.
    assertThat(lineBytes).isGreaterThanOrEqualTo(100_000);
    assertThat(lineBytes - batches.getLast().lineBytes()).isLessThan(100_000);
    assertThat(batches)
        .extracting(PushBatch::sequence)
        .containsExactly(
            java.util.stream.LongStream.range(0, batches.size()).boxed().toArray(Long[]::new));
    for (PushBatch batch : batches) {
      List<LogStream> decoded = LokiPushDecoder.decodeJson(batch.body()).streams();
      assertThat(decoded.stream().mapToLong(stream -> stream.entries().size()).sum())
          .isEqualTo(batch.lines());
      assertThat(
              decoded.stream()
                  .flatMap(stream -> stream.entries().stream())
                  .mapToLong(entry -> entry.lineBytes())
                  .sum())
          .isEqualTo(batch.lineBytes());
    }
  }

  @Test
  void sampledTraceCountsNeverDecrease() {
    List<PushBatch> batches = all(3, 300_000);

    for (int i = 1; i < batches.size(); i++) {
      assertThat(batches.get(i).sampledTraces())
          .isGreaterThanOrEqualTo(batches.get(i - 1).sampledTraces());
    }
    assertThat(batches.getFirst().sampledTraces()).isPositive();
  }

  @Test
  void refusesEmptyBatches() {
    assertThatThrownBy(
            () -> new CorpusBatches(new LogCorpus(1, 1, START, 1), PushFormat.JSON, 0, 1))
        .hasMessageContaining("--batch-lines");
  }
}
