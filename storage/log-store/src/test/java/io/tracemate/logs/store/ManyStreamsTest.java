package io.tracemate.logs.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant pushing 300,000 distinct streams (a label with an ID in it): the label index must absorb them with
 * work linear in the streams, live and when rebuilt at open. Checked by counting what the index copied and
 * allocated, not by timing. {@link ManyStreamsBenchmark} measures the time and bytes per stream.
 */
class ManyStreamsTest {
  private static final int STREAMS = 300_000;
  private static final String TENANT = "t";
  private static final long T0 =
      Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

  @TempDir Path dir;

  static LabelSet labels(int stream) {
    return LabelSet.of("app", "load", "env", "prod", "pod", "pod-" + stream);
  }

  /**
   * Writes streams {@code [from, from + count)} with one entry each (at {@code firstTs + stream}), 1,000 streams
   * per write, numbering the writes from {@code sequence}; returns the next sequence.
   */
  static long writeStreams(
      EmbeddedLogStore store, int from, int count, long firstTs, long sequence) {
    long next = sequence;
    for (int start = from; start < from + count; start += 1000) {
      List<LogStream> batch = new ArrayList<>(1000);
      for (int i = start; i < Math.min(from + count, start + 1000); i++) {
        batch.add(
            new LogStream(labels(i), List.of(new LogEntry(firstTs + i, "line of stream " + i))));
      }
      store.writer().write(next++, TENANT, batch);
    }
    return next;
  }

  @Test
  void threeHundredThousandStreamsCostLinearIndexWorkLiveAndAtReopen() {
    EmbeddedLogStoreConfig config = EmbeddedLogStoreConfig.defaults(dir);
    try (EmbeddedLogStore store = EmbeddedLogStore.open(config)) {
      writeStreams(store, 0, STREAMS, T0, 1);
      assertLinear(store);
      assertQueriesAnswer(store);
      store.writer().flush();
    }
    try (EmbeddedLogStore reopened = EmbeddedLogStore.open(config)) {
      assertLinear(reopened);
      assertQueriesAnswer(reopened);
      assertThat(reopened.stats().streams()).isEqualTo(STREAMS);
      assertThat(reopened.stats().entries()).isEqualTo(STREAMS);
    }
  }

  private static void assertLinear(EmbeddedLogStore store) {
    assertThat(store.partitions()).hasSize(1);
    LabelIndex.Footprint index = store.partitions().iterator().next().labelIndex().footprint();
    // Three labels per stream plus the tenant's list of all streams.
    assertThat(index.postings()).isEqualTo(4L * STREAMS);
    // "app", "env" and the tenant's list hold every stream; each "pod" value one.
    assertThat(index.postingLists()).isEqualTo(STREAMS + 3);
    // Doubling copies each posting at most about twice in total; a copy-on-write list would have
    // copied ~n^2/2 per list
    // (4.5e10 slots here).
    assertThat(index.copiedSlots()).isLessThanOrEqualTo(2 * index.postings());
    assertThat(index.slots()).isLessThanOrEqualTo(2 * index.postings() + 2 * index.postingLists());
  }

  private static void assertQueriesAnswer(EmbeddedLogStore store) {
    LogSelection all =
        new LogSelection(
            TenantScope.parse(TENANT),
            List.of(LabelMatcher.equal("app", "load")),
            T0,
            T0 + STREAMS);
    assertThat(store.reader().streams(all)).hasSize(STREAMS);
    LogSelection one =
        new LogSelection(
            TenantScope.parse(TENANT),
            List.of(LabelMatcher.equal("env", "prod"), LabelMatcher.equal("pod", "pod-123456")),
            T0,
            T0 + STREAMS);
    List<StreamRef> found = store.reader().streams(one);
    assertThat(found).extracting(StreamRef::labels).containsExactly(labels(123456));
    LogSelection none =
        new LogSelection(
            TenantScope.parse(TENANT),
            List.of(LabelMatcher.equal("pod", "pod-" + STREAMS)),
            T0,
            T0 + STREAMS);
    assertThat(store.reader().streams(none)).isEmpty();
  }
}
