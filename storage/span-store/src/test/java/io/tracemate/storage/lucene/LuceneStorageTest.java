package io.tracemate.storage.lucene;

import static io.tracemate.testing.TestSpans.span;
import static io.tracemate.testing.TestSpans.spanId;
import static io.tracemate.testing.TestSpans.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracemate.common.Cancellation;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Attribute;
import io.tracemate.model.Span;
import io.tracemate.model.SpanId;
import io.tracemate.model.SpanKind;
import io.tracemate.model.Status;
import io.tracemate.model.StatusCode;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.DependencyLink;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.TenantTrace;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.tck.SingleTenantReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour specific to the Lucene store: partition layout and routing, encodings, limits. */
class LuceneStorageTest {
  private static final long DAY_NANOS = Duration.ofDays(1).toNanos();

  /** Midnight UTC some days ago: partitions of the default config start at midnight UTC. */
  private static final long MIDNIGHT =
      Math.floorDiv(System.currentTimeMillis() * 1_000_000L, DAY_NANOS) * DAY_NANOS - 3 * DAY_NANOS;

  @TempDir Path dataDir;
  private final Random random = new Random(42);
  private LuceneStorage storage;

  @AfterEach
  void close() {
    if (storage != null) {
      storage.close();
    }
  }

  private LuceneStorage open() {
    storage = LuceneStorage.open(LuceneStorageConfig.of(dataDir));
    return storage;
  }

  private LuceneStorage reopen() {
    storage.close();
    return open();
  }

  private void writeAndFlush(Span... spans) {
    storage.spanWriter().write(TenantId.DEFAULT, List.of(spans));
    storage.spanWriter().flush();
  }

  private List<String> partitionDirectories() throws IOException {
    try (Stream<Path> children = Files.list(dataDir.resolve(LuceneStorage.SPANS_DIR))) {
      return children.map(path -> path.getFileName().toString()).sorted().toList();
    }
  }

  private static String partitionName(long epochNanos) {
    return Long.toString(Math.floorDiv(epochNanos, DAY_NANOS) * 86_400);
  }

  @Test
  void keepsATraceInThePartitionThatSawItFirst() throws IOException {
    open();
    TraceId traceId = traceId(random);
    Span root =
        span(
                traceId,
                spanId(random),
                SpanId.NONE,
                "svc",
                "root",
                MIDNIGHT - 10 * 3_600_000_000_000L,
                1)
            .build();
    Span nextDay =
        span(
                traceId,
                spanId(random),
                root.spanId(),
                "svc",
                "late",
                MIDNIGHT + 10 * 3_600_000_000_000L,
                1)
            .build();
    Span other =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "other", MIDNIGHT + 1, 1).build();

    writeAndFlush(root);
    writeAndFlush(nextDay, other);

    assertThat(partitionDirectories())
        .containsExactly(partitionName(MIDNIGHT - 1), partitionName(MIDNIGHT));
    assertThat(storage.stats().partitions()).isEqualTo(2);
    // Dropping the first day drops the whole trace, including the span that started on the second
    // day.
    assertThat(storage.enforceRetention(Instant.ofEpochSecond(MIDNIGHT / 1_000_000_000L)))
        .isEqualTo(1);
    assertThat(new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).trace(traceId))
        .isEmpty();
    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).trace(other.traceId()))
        .isPresent();
    assertThat(partitionDirectories()).containsExactly(partitionName(MIDNIGHT));
  }

  @Test
  void afterARestartFindsATraceInTheNeighbouringPartitionNearMidnight() throws IOException {
    open();
    TraceId traceId = traceId(random);
    Span beforeMidnight =
        span(traceId, spanId(random), SpanId.NONE, "svc", "root", MIDNIGHT - 30_000_000_000L, 1)
            .build();
    Span afterMidnight =
        span(
                traceId,
                spanId(random),
                beforeMidnight.spanId(),
                "svc",
                "child",
                MIDNIGHT + 10_000_000_000L,
                1)
            .build();
    writeAndFlush(beforeMidnight);

    reopen(); // the routing cache is empty now
    writeAndFlush(afterMidnight);

    assertThat(partitionDirectories()).containsExactly(partitionName(MIDNIGHT - 1));
    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                .trace(traceId)
                .orElseThrow()
                .spans())
        .containsExactly(beforeMidnight, afterMidnight);
  }

  @Test
  void deletesADroppedPartitionOnlyWhenTheLastReadUsingItEnds() throws IOException {
    open();
    Span old =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "op", MIDNIGHT - 1, 1).build();
    writeAndFlush(old);
    Path partitionDir =
        dataDir.resolve(LuceneStorage.SPANS_DIR).resolve(partitionName(MIDNIGHT - 1));

    try (ReadSnapshot inFlight = ReadSnapshot.open(storage, TenantScope.DEFAULT)) {
      assertThat(storage.enforceRetention(Instant.ofEpochSecond(MIDNIGHT / 1_000_000_000L)))
          .isEqualTo(1);

      assertThat(
              new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).trace(old.traceId()))
          .isEmpty();
      assertThat(partitionDir).exists();
      assertThat(TraceLoader.loadEveryTenant(inFlight, old.traceId(), Cancellation.none()))
          .containsExactly(
              new TenantTrace(TenantId.DEFAULT, new Trace(old.traceId(), List.of(old))));
    }

    assertThat(partitionDir).doesNotExist();
    assertThat(partitionDirectories()).isEmpty();
  }

  @Test
  void placesSpansFromFarFutureClocksInTodaysPartition() throws IOException {
    open();
    long now = System.currentTimeMillis() * 1_000_000L;
    Span future =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "op", now + 400 * DAY_NANOS, 1)
            .build();
    writeAndFlush(future);

    assertThat(partitionDirectories()).containsExactly(partitionName(now));
    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                .trace(future.traceId())
                .orElseThrow()
                .spans())
        .containsExactly(future);
  }

  @Test
  void discardsSpansOlderThanTheLastRetentionCutoff() {
    open();
    Span fresh =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "op", MIDNIGHT + 1, 1).build();
    writeAndFlush(fresh);
    storage.enforceRetention(Instant.ofEpochSecond(MIDNIGHT / 1_000_000_000L));

    Span late =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "op", MIDNIGHT - DAY_NANOS, 1)
            .build();
    writeAndFlush(late);

    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).trace(late.traceId()))
        .isEmpty();
    assertThat(storage.stats().partitions()).isEqualTo(1);
  }

  @Test
  void searchesLongTagValuesAndOddKeysExactly() {
    open();
    String longValue = "SELECT * FROM orders WHERE id IN (" + "?, ".repeat(200) + "?)";
    TraceId traceId = traceId(random);
    writeAndFlush(
        span(traceId, spanId(random), SpanId.NONE, "db", "query", MIDNIGHT, 1)
            .attributes(
                List.of(
                    Attribute.of("db.statement", longValue),
                    Attribute.of("odd\0key", "v"),
                    Attribute.of("k".repeat(300), "v")))
            .build());

    assertThat(find(TraceQuery.builder().tag("db.statement", longValue))).containsExactly(traceId);
    assertThat(find(TraceQuery.builder().tag("db.statement", longValue + " "))).isEmpty();
    assertThat(find(TraceQuery.builder().tag("odd\0key", "v"))).containsExactly(traceId);
    assertThat(find(TraceQuery.builder().tag("odd", "key\0v"))).isEmpty();
    assertThat(find(TraceQuery.builder().tag("k".repeat(300), "v"))).containsExactly(traceId);
  }

  @Test
  void ordersResultsAcrossManyTimeSlicesAndPartitions() {
    open();
    List<TraceId> newestFirst = new java.util.ArrayList<>();
    List<Span> spans = new java.util.ArrayList<>();
    long now = System.currentTimeMillis() * 1_000_000L;
    for (int i = 0; i < 24; i++) { // from seconds to weeks old: many slices, several partitions
      long start = now - (1L << (i + 30)) - random.nextInt(1000);
      TraceId traceId = traceId(random);
      newestFirst.add(traceId);
      spans.add(span(traceId, spanId(random), SpanId.NONE, "svc", "op", start, 10).build());
      spans.add(span(traceId, spanId(random), SpanId.NONE, "other", "op", start - 5, 10).build());
    }
    java.util.Collections.shuffle(spans, random);
    storage.spanWriter().write(TenantId.DEFAULT, spans);
    storage.spanWriter().flush();

    assertThat(find(TraceQuery.builder().serviceName("svc").limit(100)))
        .containsExactlyElementsOf(newestFirst);
    assertThat(find(TraceQuery.builder().serviceName("other").limit(20)))
        .containsExactlyElementsOf(newestFirst.subList(0, 20));
    assertThat(find(TraceQuery.builder().limit(3).startTimeMaxNanos(now - (1L << 40))))
        .containsExactlyElementsOf(newestFirst.subList(10, 13));
    assertThat(
            find(
                TraceQuery.builder()
                    .startTimeMinNanos(Long.MIN_VALUE)
                    .startTimeMaxNanos(Long.MAX_VALUE)
                    .limit(30)))
        .containsExactlyElementsOf(newestFirst);
  }

  @Test
  void acceptsNamesFarBeyondLuceneTermLimits() {
    open();
    String service = "s".repeat(10_000);
    String name = "GET /" + "x".repeat(50_000);
    TraceId traceId = traceId(random);
    Span span = span(traceId, spanId(random), SpanId.NONE, service, name, MIDNIGHT, 1).build();
    writeAndFlush(span);

    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                .trace(traceId)
                .orElseThrow()
                .spans())
        .containsExactly(span);
    assertThat(find(TraceQuery.builder().serviceName(service).operationName(name)))
        .containsExactly(traceId);
    assertThat(new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).serviceNames())
        .containsExactly(service);
  }

  private List<TraceId> find(TraceQuery.Builder query) {
    return new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
        .findTraces(query.build()).stream().map(Trace::traceId).toList();
  }

  @Test
  void roundTripsOddTimesAndCountsThemAsZeroDuration() {
    open();
    TraceId traceId = traceId(random);
    Span endsBeforeStart =
        span(traceId, spanId(random), SpanId.NONE, "svc", "skewed", MIDNIGHT, 1)
            .endEpochNanos(MIDNIGHT - 5_000)
            .flags(-1)
            .droppedAttributesCount(-3)
            .build();
    Span huge =
        span(traceId, spanId(random), SpanId.NONE, "svc", "huge", MIDNIGHT + 1, 1)
            .endEpochNanos(Long.MAX_VALUE)
            .build();
    writeAndFlush(endsBeforeStart, huge);

    assertThat(
            new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                .trace(traceId)
                .orElseThrow()
                .spans())
        .containsExactly(endsBeforeStart, huge);
    assertThat(find(TraceQuery.builder().durationMaxNanos(0))).containsExactly(traceId);
  }

  @Test
  void countsZipkinSharedSpansAsOneCall() {
    open();
    TraceId traceId = traceId(random);
    SpanId shared = spanId(random);
    Span caller =
        span(traceId, spanId(random), SpanId.NONE, "A", "root", MIDNIGHT, 100)
            .kind(SpanKind.SERVER)
            .build();
    Span client =
        span(traceId, shared, caller.spanId(), "A", "rpc", MIDNIGHT + 1, 50)
            .kind(SpanKind.CLIENT)
            .build();
    Span server =
        span(traceId, shared, caller.spanId(), "B", "rpc", MIDNIGHT + 2, 40)
            .kind(SpanKind.SERVER)
            .status(new Status(StatusCode.ERROR, ""))
            .build();
    Span downstream =
        span(traceId, spanId(random), shared, "C", "store", MIDNIGHT + 3, 10)
            .kind(SpanKind.SERVER)
            .build();
    writeAndFlush(caller, client, server, downstream);

    assertThat(
            storage
                .dependencyReader()
                .dependencies(
                    TenantScope.DEFAULT,
                    Instant.ofEpochSecond(0, MIDNIGHT),
                    Instant.ofEpochSecond(0, MIDNIGHT + 10)))
        .containsExactly(new DependencyLink("A", "B", 1, 1), new DependencyLink("B", "C", 1, 0));
  }

  @Test
  void capsTheSpansOneDependencyCallReads() {
    storage = LuceneStorage.open(LuceneStorageConfig.of(dataDir).withMaxDependencySpans(3));
    TraceId traceId = traceId(random);
    Span a = span(traceId, spanId(random), SpanId.NONE, "A", "a", MIDNIGHT, 10).build();
    Span b = span(traceId, spanId(random), a.spanId(), "B", "b", MIDNIGHT + 1, 10).build();
    Span c = span(traceId, spanId(random), b.spanId(), "C", "c", MIDNIGHT + 2, 10).build();
    Span d = span(traceId, spanId(random), c.spanId(), "D", "d", MIDNIGHT + 3, 10).build();
    writeAndFlush(a, b, c, d);

    List<DependencyLink> links =
        storage
            .dependencyReader()
            .dependencies(
                TenantScope.DEFAULT,
                Instant.ofEpochSecond(0, MIDNIGHT),
                Instant.ofEpochSecond(0, MIDNIGHT + 10));

    assertThat(links).hasSize(2);
  }

  @Test
  void makesWritesSearchableWithoutFlushWithinTheRefreshInterval() throws InterruptedException {
    storage =
        LuceneStorage.open(
            LuceneStorageConfig.of(dataDir).withRefreshInterval(Duration.ofMillis(50)));
    TraceId traceId = traceId(random);
    storage
        .spanWriter()
        .write(
            TenantId.DEFAULT,
            List.of(span(traceId, spanId(random), SpanId.NONE, "svc", "op", MIDNIGHT, 1).build()));

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).trace(traceId).isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).trace(traceId))
        .isPresent();
  }

  @Test
  void refusesASecondStoreOverTheSameDirectory() {
    open();
    writeAndFlush(
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "op", MIDNIGHT, 1).build());

    assertThatThrownBy(() -> LuceneStorage.open(LuceneStorageConfig.of(dataDir)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("in use by another process");
  }

  @Test
  void failsClearlyAfterClose() {
    open().close();

    assertThatThrownBy(
            () ->
                storage
                    .spanWriter()
                    .write(
                        TenantId.DEFAULT,
                        List.of(
                            span(
                                    traceId(random),
                                    spanId(random),
                                    SpanId.NONE,
                                    "svc",
                                    "op",
                                    MIDNIGHT,
                                    1)
                                .build())))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(
            () ->
                new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
                    .findTraces(TraceQuery.builder().build()))
        .isInstanceOf(StorageException.class);
    storage = null;
  }

  @Test
  void rejectsUnusableConfiguration() {
    assertThatThrownBy(
            () -> LuceneStorageConfig.of(dataDir).withPartitionDuration(Duration.ofSeconds(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partitionDuration");
    assertThatThrownBy(() -> LuceneStorageConfig.of(dataDir).withRefreshInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshInterval");
  }

  /** Flips one bit in the middle of a file, as a bad disk block does. */
  private static void flipBit(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x08;
    Files.write(file, bytes);
  }

  private Path onlyFile(Path partition, String prefix, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(partition)) {
      List<Path> matching =
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith(prefix)
                          && f.getFileName().toString().endsWith(suffix))
              .toList();
      assertThat(matching).as("%s*%s in %s", prefix, suffix, partition).hasSize(1);
      return matching.get(0);
    }
  }

  /** Issue 15: a damaged partition used to fail the whole store's open, and the server with it, at every start. */
  @Test
  void aPartitionWhoseCommitIsDamagedIsSetAsideAndTheStoreOpensWithoutIt() throws IOException {
    open();
    Span yesterday =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "old", MIDNIGHT - 1000, 1)
            .build();
    Span today =
        span(traceId(random), spanId(random), SpanId.NONE, "svc", "new", MIDNIGHT + 1000, 1)
            .build();
    writeAndFlush(yesterday);
    writeAndFlush(today);
    storage.close();
    Path damaged = dataDir.resolve(LuceneStorage.SPANS_DIR).resolve(partitionName(MIDNIGHT - 1));
    flipBit(onlyFile(damaged, "segments_", ""));

    open();
    assertThat(storage.stats().damagedPartitions()).isEqualTo(1);
    assertThat(storage.stats().partitions()).isEqualTo(1);
    SingleTenantReader reader = new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT);
    assertThat(reader.trace(today.traceId())).isPresent();
    assertThat(reader.trace(yesterday.traceId())).isEmpty();
    try (Stream<Path> aside =
        Files.list(
            dataDir.resolve(LuceneStorage.SPANS_DIR).resolve(DamagedPartitions.CORRUPT_DIR))) {
      assertThat(aside.map(p -> p.getFileName().toString()))
          .singleElement()
          .asString()
          .startsWith(partitionName(MIDNIGHT - 1) + ".");
    }
    assertThat(reopen().stats().damagedPartitions()).as("found once, not at every start").isZero();
  }

  @Test
  void aDamagedSegmentIsRemovedAndThePartitionKeepsItsOtherSegments() throws IOException {
    open();
    // Two services, so that each segment holds its own origin (resource) entries.
    Span first =
        span(traceId(random), spanId(random), SpanId.NONE, "svc-a", "first", MIDNIGHT + 1000, 1)
            .build();
    Span second =
        span(traceId(random), spanId(random), SpanId.NONE, "svc-b", "second", MIDNIGHT + 2000, 1)
            .build();
    writeAndFlush(first);
    writeAndFlush(second);
    storage.close();
    Path partition = dataDir.resolve(LuceneStorage.SPANS_DIR).resolve(partitionName(MIDNIGHT));
    // The first flush's segment: its compound file's entry table, checksummed whenever it is
    // opened.
    flipBit(onlyFile(partition, "_0", ".cfe"));

    open();
    assertThat(storage.stats().damagedPartitions()).isEqualTo(1);
    assertThat(storage.stats().partitions()).isEqualTo(1);
    SingleTenantReader reader = new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT);
    assertThat(reader.trace(second.traceId())).isPresent();
    assertThat(reader.trace(first.traceId())).isEmpty();
    try (Stream<Path> aside =
        Files.walk(
            dataDir.resolve(LuceneStorage.SPANS_DIR).resolve(DamagedPartitions.CORRUPT_DIR))) {
      assertThat(aside.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
          .as("the broken segment's files and the commit, not the whole partition")
          .allMatch(name -> name.startsWith("_0") || name.startsWith("segments_"))
          .anyMatch(name -> name.equals("_0.cfe"));
    }
  }

  @Test
  void aWriteThatReturnedBeforeTheReportedRefreshIsSearchableWithoutAFlush() throws Exception {
    storage =
        LuceneStorage.open(
            LuceneStorageConfig.of(dataDir).withRefreshInterval(Duration.ofMillis(50)));
    TraceId trace = traceId(random);
    Span only =
        span(trace, spanId(random), SpanId.NONE, "svc", "op", MIDNIGHT + 3 * DAY_NANOS, 10).build();
    storage.spanWriter().write(TenantId.DEFAULT, List.of(only));
    long written = System.nanoTime();

    long deadline = written + Duration.ofSeconds(10).toNanos();
    while (storage.spanWriter().visibleBeforeNanos() == Long.MIN_VALUE
        || storage.spanWriter().visibleBeforeNanos() - written <= 0) {
      assertThat(System.nanoTime()).as("a refresh began after the write").isLessThan(deadline);
      Thread.sleep(5);
    }

    assertThat(storage.traceReader().trace(TenantScope.DEFAULT, trace))
        .singleElement()
        .satisfies(found -> assertThat(found.spans()).containsExactly(only));
  }
}
