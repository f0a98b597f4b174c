package io.tracemate.logs.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.Cancellation;
import io.tracemate.common.CancelledException;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogReader;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index answers walk every stream of a tenant (matching a selector's regexes against each) and the trace
 * lookup every stream and chunk: each must stop with its query while it walks, not only check once before it
 * starts. The query's clock passes its deadline after a few readings, so an answer that checks only up front
 * would finish; one that checks as it walks throws.
 */
class IndexWalkCancellationTest {
  private static final int STREAMS = 2_000;
  private static final String TENANT = "t";
  private static final TenantScope SCOPE = TenantScope.parse(TENANT);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final long T0 =
      Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

  @TempDir Path dir;
  private EmbeddedLogStore store;

  @BeforeEach
  void write() {
    store = EmbeddedLogStore.open(EmbeddedLogStoreConfig.defaults(dir));
    List<LogStream> batch = new ArrayList<>(STREAMS);
    for (int i = 0; i < STREAMS; i++) {
      batch.add(
          new LogStream(
              LabelSet.of("app", "shop", "pod", "pod-" + i),
              List.of(
                  new LogEntry(T0 + i, "line " + i, LabelSet.of(LogEntry.TRACE_ID, TRACE_ID)))));
    }
    store.writer().write(1, TENANT, batch);
    store.writer().flush(); // chunks on disk, for the trace lookup's per-chunk work
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    store.close();
  }

  /** Passes its deadline once its clock was read more than {@code readings} times. */
  private static Cancellation expiringAfter(int readings) {
    AtomicLong reads = new AtomicLong();
    return Cancellation.withTimeout(
        Duration.ofSeconds(1),
        () -> reads.incrementAndGet() > readings + 1 ? Long.MAX_VALUE / 4 : 0L);
  }

  private void assertStopsWhileWalking(Consumer<Cancellation> answer) {
    answer.accept(Cancellation.none()); // completes when nobody stops it
    assertThatThrownBy(() -> answer.accept(expiringAfter(3)))
        .isInstanceOf(CancelledException.class);
  }

  @Test
  void selectorRegexesOverEveryStreamStopWithTheQuery() {
    LogReader reader = store.reader();
    LogSelection regex =
        new LogSelection(
            SCOPE,
            List.of(LabelMatcher.of("pod", LabelMatcher.Type.RE, "pod-[0-9]+")),
            T0,
            T0 + STREAMS);
    assertThat(reader.streams(regex, Cancellation.none())).hasSize(STREAMS);

    assertStopsWhileWalking(c -> reader.streams(regex, c));
    assertStopsWhileWalking(c -> reader.labelValues(regex, "pod", c));
    assertStopsWhileWalking(c -> reader.indexStats(regex, c));
    assertStopsWhileWalking(c -> reader.streamStats(regex, c));
    assertStopsWhileWalking(c -> reader.labelNames(SCOPE, T0, T0 + STREAMS, c));
  }

  @Test
  void theTraceLookupStopsWithTheQuery() {
    LogReader reader = store.reader();
    assertThat(
            reader.byTrace(
                SCOPE, TRACE_ID, null, T0, T0 + STREAMS, 10, new ScanStats(), Cancellation.none()))
        .hasSize(10);

    assertStopsWhileWalking(
        c -> reader.byTrace(SCOPE, TRACE_ID, null, T0, T0 + STREAMS, 10, new ScanStats(), c));
  }
}
