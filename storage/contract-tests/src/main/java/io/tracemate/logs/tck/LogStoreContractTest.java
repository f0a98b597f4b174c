package io.tracemate.logs.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.CrossTenantReader;
import io.tracemate.logs.Direction;
import io.tracemate.logs.IndexStats;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogStore;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.StreamStats;
import io.tracemate.logs.TraceEntry;
import io.tracemate.logs.model.LabelSet;
import io.tracemate.logs.model.LogEntry;
import io.tracemate.logs.model.LogStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The behaviour every {@link LogStore} must show, through the SPI only. A backend's test extends this class and
 * implements {@link #open}; opening the same directory again must find what was flushed (unless the backend is
 * not {@link #persistent()}). Timestamps sit hours apart where a test needs several time partitions (any backend
 * partitioning by 1 h or less sees them apart).
 */
public abstract class LogStoreContractTest {
  protected static final long SECOND = 1_000_000_000L;
  protected static final long HOUR = 3600 * SECOND;

  /** 2023-11-14T22:00:00Z, on an hour boundary. */
  protected static final long T0 = 472_222L * HOUR;

  protected static final String TENANT = "tenant-a";
  private static final long ALL_START = 0;
  private static final long ALL_END = Long.MAX_VALUE;

  @TempDir protected Path dir;
  private final List<LogStore> opened = new ArrayList<>();

  /** Opens (or reopens) the backend storing in {@code dir}. */
  protected abstract LogStore open(Path dir);

  protected LogStore store() {
    LogStore store = open(dir);
    opened.add(store);
    return store;
  }

  protected LogStore reopen(LogStore store) {
    store.close();
    opened.remove(store);
    return store();
  }

  /**
   * Whether the backend keeps what was flushed across close and reopening the same directory. In-memory backends
   * answer false: the tests of durability across a reopen are then skipped, or check only what holds within one
   * store's life (Jaeger's storage suite opts out the same way); everything else still applies to them.
   */
  protected boolean persistent() {
    return true;
  }

  /** {@link #reopen} for a {@link #persistent()} backend; the same store otherwise. */
  protected LogStore reopenIfPersistent(LogStore store) {
    return persistent() ? reopen(store) : store;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(LogStore::close);
  }

  protected static LogEntry entry(long ts, String line) {
    return new LogEntry(ts, line);
  }

  protected static LogEntry traced(long ts, String line, String traceId, String spanId) {
    return new LogEntry(
        ts, line, LabelSet.of(LogEntry.TRACE_ID, traceId, LogEntry.SPAN_ID, spanId));
  }

  protected static void write(
      LogStore store, long sequence, String tenant, LabelSet labels, LogEntry... entries) {
    store.writer().write(sequence, tenant, List.of(new LogStream(labels, List.of(entries))));
  }

  /** @param tenant one tenant, or several as {@code X-Scope-OrgID} names them ({@code a|b}) */
  protected static LogSelection select(
      String tenant, long start, long end, LabelMatcher... matchers) {
    return new LogSelection(scope(tenant), List.of(matchers), start, end);
  }

  /** {@code a|b} as a scope. */
  protected static TenantScope scope(String tenants) {
    return TenantScope.parse(tenants);
  }

  protected static LogSelection all(String tenant, LabelMatcher... matchers) {
    return select(tenant, ALL_START, ALL_END, matchers);
  }

  protected static List<LogEntry> read(
      LogStore store, LogSelection selection, Direction direction, List<String> needles) {
    List<LogEntry> result = new ArrayList<>();
    for (StreamRef ref : store.reader().streams(selection)) {
      try (LogCursor cursor =
          store.reader().entries(selection, ref, direction, needles, new ScanStats())) {
        cursor.forEachRemaining(result::add);
      }
    }
    return result;
  }

  protected static List<LogEntry> read(LogStore store, LogSelection selection) {
    return read(store, selection, Direction.FORWARD, List.of());
  }

  private static List<String> lines(List<LogEntry> entries) {
    return entries.stream().map(LogEntry::line).toList();
  }

  private static List<LabelSet> streamLabels(LogStore store, LogSelection selection) {
    return store.reader().streams(selection).stream().map(StreamRef::labels).toList();
  }

  @Test
  void roundTripsEveryFieldInBothDirections() {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "checkout", "env", "prod");
    List<LogEntry> written =
        List.of(
            entry(T0 + 1, "plain ascii line"),
            new LogEntry(
                T0 + 2,
                "ünïcödé ✓ 日本語 🎉",
                LabelSet.of(
                    "trace_id",
                    "4bf92f3577b34da6a3ce929d0e0e4736",
                    "span_id",
                    "00f067aa0ba902b7",
                    "user",
                    "ü-42")),
            entry(T0 + 3, ""),
            entry(T0 + 4, "same ts first"),
            entry(T0 + 4, "same ts second"),
            entry(T0 + 4, "same ts third"),
            new LogEntry(T0 + 5, "tab\tand\nnewline", LabelSet.of("k", "")));
    store.writer().write(1, TENANT, List.of(new LogStream(labels, written)));
    store.writer().flush();

    assertThat(streamLabels(store, all(TENANT))).containsExactly(labels);
    assertThat(read(store, all(TENANT))).containsExactlyElementsOf(written);
    assertThat(read(store, all(TENANT), Direction.BACKWARD, List.of()))
        .containsExactlyElementsOf(written.reversed());
  }

  @Test
  void ordersOutOfOrderWritesAndTiesByArrival() {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    List<LogEntry> expected = new ArrayList<>();
    for (int batch = 0; batch < 40; batch++) {
      List<LogEntry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        // Every batch goes back 5 s: batches overlap in time; entries at the same ts tie.
        long ts = T0 + (batch * 10L + i) * SECOND / 2 - (batch % 2) * 5 * SECOND;
        entries.add(entry(ts, "batch " + batch + " entry " + i + " " + "x".repeat(100)));
      }
      store.writer().write(batch + 1, TENANT, List.of(new LogStream(labels, entries)));
      expected.addAll(entries);
    }
    store.writer().flush();
    List<LogEntry> forward =
        expected.stream()
            .sorted(java.util.Comparator.comparingLong(LogEntry::timestampNanos))
            .toList(); // stable sort
    assertThat(read(store, all(TENANT))).containsExactlyElementsOf(forward);
    assertThat(read(store, all(TENANT), Direction.BACKWARD, List.of()))
        .containsExactlyElementsOf(forward.reversed());
  }

  static Stream<Arguments> matcherCases() {
    return Stream.of(
        Arguments.of(List.of(LabelMatcher.equal("app", "a")), List.of("a")),
        Arguments.of(
            List.of(LabelMatcher.of("app", LabelMatcher.Type.NEQ, "a")), List.of("b", "c")),
        Arguments.of(
            List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, "a|b")), List.of("a", "b")),
        Arguments.of(List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, "b")), List.of("b")),
        Arguments.of(List.of(LabelMatcher.of("app", LabelMatcher.Type.RE, "b.+")), List.of()),
        Arguments.of(List.of(LabelMatcher.of("app", LabelMatcher.Type.NRE, "a|b")), List.of("c")),
        Arguments.of(List.of(LabelMatcher.equal("env", "")), List.of("c")),
        Arguments.of(List.of(LabelMatcher.of("env", LabelMatcher.Type.NEQ, "")), List.of("a", "b")),
        Arguments.of(
            List.of(LabelMatcher.of("env", LabelMatcher.Type.RE, ".*")), List.of("a", "b", "c")),
        Arguments.of(List.of(LabelMatcher.of("env", LabelMatcher.Type.RE, "pr.*")), List.of("a")),
        Arguments.of(List.of(LabelMatcher.equal("missing", "x")), List.of()),
        Arguments.of(
            List.of(LabelMatcher.equal("env", "prod"), LabelMatcher.equal("app", "b")), List.of()),
        Arguments.of(List.of(), List.of("a", "b", "c")));
  }

  @ParameterizedTest
  @MethodSource("matcherCases")
  void selectsStreamsByMatchers(List<LabelMatcher> matchers, List<String> expectedApps) {
    LogStore store = store();
    write(store, 1, TENANT, LabelSet.of("app", "a", "env", "prod"), entry(T0, "a"));
    write(store, 2, TENANT, LabelSet.of("app", "b", "env", "dev"), entry(T0, "b"));
    write(store, 3, TENANT, LabelSet.of("app", "c"), entry(T0, "c"));
    store.writer().flush();
    LogSelection selection = new LogSelection(scope(TENANT), matchers, ALL_START, ALL_END);
    assertThat(streamLabels(store, selection).stream().map(l -> l.get("app")).sorted().toList())
        .isEqualTo(expectedApps);
    assertThat(lines(read(store, selection)).stream().sorted().toList()).isEqualTo(expectedApps);
  }

  static Stream<Arguments> rangeCases() {
    return Stream.of(
        Arguments.of(T0 + 100, T0 + 300, List.of("100", "200")),
        Arguments.of(T0 + 101, T0 + 301, List.of("200", "300")),
        Arguments.of(T0 + 200, T0 + 201, List.of("200")),
        Arguments.of(T0 + 200, T0 + 200, List.of()),
        Arguments.of(T0 + 301, T0 + HOUR, List.of()),
        Arguments.of(T0 - HOUR, T0 + 100, List.of()),
        Arguments.of(T0 + 100, T0 + 2 * HOUR + 1, List.of("100", "200", "300", "2h")));
  }

  @ParameterizedTest
  @MethodSource("rangeCases")
  void startIsInclusiveAndEndExclusive(long start, long end, List<String> expected) {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    write(
        store,
        1,
        TENANT,
        labels,
        entry(T0 + 100, "100"),
        entry(T0 + 200, "200"),
        entry(T0 + 300, "300"),
        entry(T0 + 2 * HOUR, "2h"));
    store.writer().flush();
    LogSelection selection = select(TENANT, start, end);
    assertThat(lines(read(store, selection))).isEqualTo(expected);
    assertThat(lines(read(store, selection, Direction.BACKWARD, List.of())))
        .isEqualTo(expected.reversed());
    assertThat(store.reader().streams(selection)).hasSize(expected.isEmpty() ? 0 : 1);
  }

  static Stream<Arguments> needleCases() {
    return Stream.of(
        Arguments.of(List.of("error"), List.of("POST /api error", "ünïcödé error")),
        Arguments.of(List.of("error", "ü"), List.of("ünïcödé error")),
        Arguments.of(List.of("✓"), List.of("multi ✓ check")),
        Arguments.of(List.of("日本"), List.of("日本語")),
        Arguments.of(List.of("nothing"), List.of()),
        Arguments.of(List.of("ok", "error"), List.of()),
        Arguments.of(List.of("GET"), List.of("GET /api ok")),
        Arguments.of(List.of("ok"), List.of("GET /api ok")),
        Arguments.of(List.of("kPOST"), List.of()),
        Arguments.of(List.of("abc"), List.of("abc")),
        Arguments.of(List.of("cd"), List.of()),
        Arguments.of(List.of("Error"), List.of()),
        Arguments.of(
            List.of(""),
            List.of(
                "GET /api ok",
                "POST /api error",
                "ünïcödé error",
                "multi ✓ check",
                "",
                "abc",
                "def",
                "日本語")));
  }

  @ParameterizedTest
  @MethodSource("needleCases")
  void filtersByRequiredSubstrings(List<String> needles, List<String> expected) {
    LogStore store = store();
    // "abc" then "def": a needle must never match across two lines ("cd"), nor "ok" + "POST"
    // ("kPOST").
    write(
        store,
        1,
        TENANT,
        LabelSet.of("app", "a"),
        entry(T0 + 1, "GET /api ok"),
        entry(T0 + 2, "POST /api error"),
        entry(T0 + 3, "ünïcödé error"),
        entry(T0 + 4, "multi ✓ check"),
        entry(T0 + 5, ""),
        entry(T0 + 6, "abc"),
        entry(T0 + 7, "def"),
        entry(T0 + 8, "日本語"));
    store.writer().flush();
    assertThat(lines(read(store, all(TENANT), Direction.FORWARD, needles))).isEqualTo(expected);
    assertThat(lines(read(store, all(TENANT), Direction.BACKWARD, needles)))
        .isEqualTo(expected.reversed());
  }

  @Test
  void findsRareNeedleAmongManyLines() {
    LogStore store = store();
    List<LogEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      entries.add(
          entry(
              T0 + i,
              i % 997 == 5
                  ? "request " + i + " failed: needle-token here"
                  : "request " + i + " served in 12 ms with status 200 from upstream"));
    }
    store.writer().write(1, TENANT, List.of(new LogStream(LabelSet.of("app", "a"), entries)));
    store.writer().flush();
    assertThat(lines(read(store, all(TENANT), Direction.FORWARD, List.of("needle-token"))))
        .containsExactly(
            "request 5 failed: needle-token here", "request 1002 failed: needle-token here",
            "request 1999 failed: needle-token here", "request 2996 failed: needle-token here");
  }

  @Test
  void answersLabelNamesValuesAndIndexStats() {
    LogStore store = store();
    write(
        store,
        1,
        TENANT,
        LabelSet.of("app", "a", "env", "prod"),
        entry(T0, "12345"),
        entry(T0 + 1, "ü"));
    write(store, 2, TENANT, LabelSet.of("app", "b", "zone", "z1"), entry(T0 + 2 * HOUR, "xyz"));
    write(store, 3, "other", LabelSet.of("secret", "s"), entry(T0, "hidden"));
    store.writer().flush();

    assertThat(store.reader().labelNames(scope(TENANT), ALL_START, ALL_END))
        .containsExactly("app", "env", "zone");
    assertThat(store.reader().labelNames(scope(TENANT), T0, T0 + HOUR))
        .containsExactly("app", "env");
    assertThat(store.reader().labelValues(all(TENANT), "app")).containsExactly("a", "b");
    assertThat(store.reader().labelValues(all(TENANT, LabelMatcher.equal("env", "prod")), "app"))
        .containsExactly("a");
    assertThat(store.reader().labelValues(select(TENANT, T0 + HOUR, ALL_END), "app"))
        .containsExactly("b");
    assertThat(store.reader().labelValues(all(TENANT), "nope")).isEmpty();

    IndexStats stats = store.reader().indexStats(all(TENANT));
    assertThat(stats.streams()).isEqualTo(2);
    assertThat(stats.entries()).isEqualTo(3);
    assertThat(stats.bytes()).isEqualTo(5 + 2 + 3);
    IndexStats onlyA = store.reader().indexStats(all(TENANT, LabelMatcher.equal("app", "a")));
    assertThat(onlyA.streams()).isEqualTo(1);
    assertThat(onlyA.entries()).isEqualTo(2);
    assertThat(onlyA.bytes()).isEqualTo(7);
    assertThat(store.reader().indexStats(all(TENANT, LabelMatcher.equal("app", "none"))))
        .isEqualTo(new IndexStats(0, 0, 0, 0));
  }

  @Test
  void answersStreamStatsThatAddUpOverAdjacentRanges() {
    LogStore store = store();
    LabelSet a = LabelSet.of("app", "a");
    LabelSet b = LabelSet.of("app", "b", "zone", "z1");
    long aBytes = 0;
    for (int i = 0; i < 60; i++) {
      LogEntry line = entry(T0 + i * SECOND, "request " + i + " served " + "x".repeat(40));
      aBytes += line.lineBytes();
      write(store, i + 1, TENANT, a, line);
    }
    write(store, 100, TENANT, b, entry(T0 + 2 * HOUR, "ü"), entry(T0 + 2 * HOUR + 1, "xyz"));
    write(store, 101, "other", a, entry(T0, "hidden"));
    store.writer().flush();

    Map<LabelSet, StreamStats> all = streamStats(store, all(TENANT));
    assertThat(all).containsOnlyKeys(a, b);
    assertThat(all.get(a).entries()).isEqualTo(60);
    assertThat(all.get(a).bytes()).isEqualTo(aBytes);
    assertThat(all.get(b).entries()).isEqualTo(2);
    assertThat(all.get(b).bytes()).isEqualTo(2 + 3);
    assertThat(all.get(b).stream().labels()).isEqualTo(b);
    assertThat(streamStats(store, all(TENANT, LabelMatcher.equal("zone", "z1"))))
        .containsOnlyKeys(b);
    assertThat(streamStats(store, select(TENANT, T0 + HOUR, ALL_END))).containsOnlyKeys(b);
    assertThat(streamStats(store, select(TENANT, T0 + 60 * SECOND, T0 + HOUR))).isEmpty();

    // A store may answer from its index and count a chunk crossing a bound by its share of time:
    // adjacent ranges then add up to the whole within one entry per crossing chunk, and each part
    // is close to the truth.
    long cut = T0 + 25 * SECOND + SECOND / 2;
    StreamStats before = streamStats(store, select(TENANT, T0, cut)).get(a);
    StreamStats after = streamStats(store, select(TENANT, cut, T0 + HOUR)).get(a);
    assertThat(before.entries() + after.entries()).isCloseTo(60, within(1L));
    assertThat(before.entries()).isCloseTo(26, within(2L));
    assertThat(before.bytes() + after.bytes()).isCloseTo(aBytes, within(60L));
  }

  private static Map<LabelSet, StreamStats> streamStats(LogStore store, LogSelection selection) {
    Map<LabelSet, StreamStats> byLabels = new HashMap<>();
    for (StreamStats stats : store.reader().streamStats(selection)) {
      assertThat(byLabels.put(stats.stream().labels(), stats)).as("one entry per stream").isNull();
    }
    return byLabels;
  }

  @Test
  void findsEntriesByTraceAcrossStreamsAndPartitions() {
    LogStore store = store();
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    String other = "4bf92f3577b34da6ffffffffffffffff";
    LabelSet a = LabelSet.of("app", "a");
    LabelSet b = LabelSet.of("app", "b");
    write(
        store,
        1,
        TENANT,
        a,
        traced(T0 + 10, "a1", trace, "s1"),
        traced(T0 + 20, "a-other", other, "s1"),
        entry(T0 + 30, "a-untraced"),
        traced(T0 + 3 * HOUR, "a2", trace, "s2"));
    write(
        store,
        2,
        TENANT,
        b,
        traced(T0 + 15, "b1", trace, "s1"),
        traced(T0 + 5 * HOUR, "b2", trace, "s3"));
    write(store, 3, "other-tenant", a, traced(T0 + 12, "foreign", trace, "s1"));
    store.writer().flush();

    assertThat(found(byTrace(store, TENANT, trace, null, ALL_START, ALL_END, 100)))
        .containsExactly(
            traceEntry(a, traced(T0 + 10, "a1", trace, "s1")),
            traceEntry(b, traced(T0 + 15, "b1", trace, "s1")),
            traceEntry(a, traced(T0 + 3 * HOUR, "a2", trace, "s2")),
            traceEntry(b, traced(T0 + 5 * HOUR, "b2", trace, "s3")));
    assertThat(byTrace(store, TENANT, trace, null, ALL_START, ALL_END, 100))
        .extracting(e -> e.stream().tenant().value())
        .containsOnly(TENANT);
    assertThat(traceLines(byTrace(store, TENANT, trace, "s1", ALL_START, ALL_END, 100)))
        .containsExactly("a1", "b1");
    assertThat(traceLines(byTrace(store, TENANT, trace, null, ALL_START, ALL_END, 2)))
        .containsExactly("a1", "b1");
    assertThat(traceLines(byTrace(store, TENANT, trace, null, T0 + 15, T0 + 5 * HOUR, 100)))
        .containsExactly("b1", "a2");
    assertThat(traceLines(byTrace(store, TENANT, other, null, ALL_START, ALL_END, 100)))
        .containsExactly("a-other");
    assertThat(traceLines(byTrace(store, "other-tenant", trace, null, ALL_START, ALL_END, 100)))
        .containsExactly("foreign");
    assertThat(
            byTrace(
                store, TENANT, "0000000000000000000000000000abcd", null, ALL_START, ALL_END, 100))
        .isEmpty();
    assertThat(byTrace(store, TENANT, trace, "nope", ALL_START, ALL_END, 100)).isEmpty();
  }

  private static List<TraceEntry> byTrace(
      LogStore store, String tenant, String trace, String span, long start, long end, int limit) {
    return store.reader().byTrace(scope(tenant), trace, span, start, end, limit, new ScanStats());
  }

  private static List<String> traceLines(List<TraceEntry> entries) {
    return entries.stream().map(e -> e.entry().line()).toList();
  }

  /** What a trace lookup found, without the store's stream ID: (tenant, labels, entry). */
  private record Found(String tenant, LabelSet labels, LogEntry entry) {}

  private static Found traceEntry(LabelSet labels, LogEntry entry) {
    return new Found(TENANT, labels, entry);
  }

  private static List<Found> found(List<TraceEntry> entries) {
    return entries.stream()
        .map(e -> new Found(e.stream().tenant().value(), e.stream().labels(), e.entry()))
        .toList();
  }

  @Test
  void isolatesTenants() {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "shared");
    write(store, 1, "a", labels, entry(T0, "from a"));
    write(store, 2, "b", labels, entry(T0, "from b"), entry(T0 + 1, "from b again"));
    write(store, 3, "b", LabelSet.of("only", "b"), entry(T0, "b only"));
    store.writer().flush();

    assertThat(lines(read(store, all("a")))).containsExactly("from a");
    assertThat(lines(read(store, all("b", LabelMatcher.equal("app", "shared")))))
        .containsExactly("from b", "from b again");
    assertThat(store.reader().labelNames(scope("a"), ALL_START, ALL_END)).containsExactly("app");
    assertThat(store.reader().labelNames(scope("nobody"), ALL_START, ALL_END)).isEmpty();
    assertThat(store.reader().streams(all("nobody"))).isEmpty();
    StreamRef refOfB = store.reader().streams(all("b", LabelMatcher.equal("app", "shared"))).get(0);
    try (LogCursor cursor =
        store.reader().entries(all("a"), refOfB, Direction.FORWARD, List.of(), new ScanStats())) {
      List<LogEntry> leaked = new ArrayList<>();
      cursor.forEachRemaining(leaked::add);
      assertThat(leaked).extracting(LogEntry::line).doesNotContain("from b", "from b again");
    }
  }

  /** Writes the same stream labels for a, b and c, plus a stream of b's own, each with a traced line. */
  private static String writeThreeTenants(LogStore store) {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    LabelSet shared = LabelSet.of("app", "shared");
    write(store, 1, "a", shared, traced(T0 + 1, "from a", trace, "s1"));
    write(store, 2, "b", shared, traced(T0 + 2, "from b", trace, "s1"));
    write(store, 3, "b", LabelSet.of("app", "own", "zone", "z1"), entry(T0 + 3, "b own"));
    write(store, 4, "c", shared, traced(T0 + 4, "from c", trace, "s1"));
    store.writer().flush();
    return trace;
  }

  @Test
  void aScopeOfSeveralTenantsReadsEachOfThemAndSaysWhoseEachStreamIs() {
    LogStore store = store();
    String trace = writeThreeTenants(store);

    List<StreamRef> streams = store.reader().streams(all("a|b"));
    assertThat(streams)
        .extracting(ref -> ref.tenant().value() + " " + ref.labels())
        .containsExactlyInAnyOrder(
            "a {app=\"shared\"}", "b {app=\"shared\"}", "b {app=\"own\", zone=\"z1\"}");
    assertThat(streams).extracting(StreamRef::id).doesNotHaveDuplicates();
    assertThat(lines(read(store, all("a|b"))))
        .containsExactlyInAnyOrder("from a", "from b", "b own");
    assertThat(lines(read(store, all("b|c", LabelMatcher.equal("app", "shared")))))
        .containsExactlyInAnyOrder("from b", "from c");
    assertThat(store.reader().labelNames(scope("a|b"), ALL_START, ALL_END))
        .containsExactly("app", "zone");
    assertThat(store.reader().labelValues(all("a|c"), "app")).containsExactly("shared");
    assertThat(store.reader().indexStats(all("a|b")).streams()).isEqualTo(3);
    assertThat(store.reader().indexStats(all("a|b")).entries()).isEqualTo(3);
    assertThat(store.reader().streamStats(all("a|b")))
        .extracting(stats -> stats.stream().tenant().value())
        .containsExactlyInAnyOrder("a", "b", "b");
    assertThat(found(byTrace(store, "a|c", trace, null, ALL_START, ALL_END, 100)))
        .extracting(f -> f.tenant() + ":" + f.entry().line())
        .containsExactly("a:from a", "c:from c");
    assertThat(traceLines(byTrace(store, "a|b|c", trace, null, ALL_START, ALL_END, 2)))
        .as("the limit is over the whole scope, oldest first")
        .containsExactly("from a", "from b");

    StreamRef ofC = store.reader().streams(all("c")).get(0);
    try (LogCursor cursor =
        store.reader().entries(all("a|b"), ofC, Direction.FORWARD, List.of(), new ScanStats())) {
      assertThat(cursor.hasNext()).as("a stream of a tenant outside the scope").isFalse();
    }
  }

  @Test
  void crossTenantReadsCarryLokisTenantLabelAndItsMatchersNarrowTheTenants() {
    LogStore store = store();
    String trace = writeThreeTenants(store);
    var reader = CrossTenantReader.over(store.reader());
    String label = CrossTenantReader.TENANT_LABEL;

    assertThat(reader.streams(all("a|b")))
        .extracting(StreamRef::labels)
        .containsExactlyInAnyOrder(
            LabelSet.of("app", "shared", label, "a"),
            LabelSet.of("app", "shared", label, "b"),
            LabelSet.of("app", "own", "zone", "z1", label, "b"));
    assertThat(reader.streams(all("a")))
        .as("a single-tenant read is answered as before")
        .extracting(StreamRef::labels)
        .containsExactly(LabelSet.of("app", "shared"));
    assertThat(reader.streams(all("a|b|c", LabelMatcher.equal(label, "b"))))
        .extracting(ref -> ref.tenant().value())
        .containsOnly("b");
    assertThat(reader.streams(all("a|b|c", LabelMatcher.of(label, LabelMatcher.Type.NRE, "a|b"))))
        .extracting(StreamRef::labels)
        .containsExactly(LabelSet.of("app", "shared", label, "c"));
    assertThat(reader.streams(all("a|b", LabelMatcher.equal(label, "c"))))
        .as("a tenant outside the scope stays outside")
        .isEmpty();
    assertThat(reader.labelNames(scope("a|b"), ALL_START, ALL_END))
        .containsExactly(label, "app", "zone");
    assertThat(reader.labelValues(all("a|b|c", LabelMatcher.equal("zone", "z1")), label))
        .containsExactly("b");
    assertThat(reader.indexStats(all("a|b|c", LabelMatcher.equal(label, "c"))).entries())
        .isEqualTo(1);

    LogSelection bOnly =
        all("a|b", LabelMatcher.equal(label, "b"), LabelMatcher.equal("app", "shared"));
    List<String> read = new ArrayList<>();
    for (StreamRef ref : reader.streams(bOnly)) {
      try (LogCursor cursor =
          reader.entries(bOnly, ref, Direction.FORWARD, List.of(), new ScanStats())) {
        cursor.forEachRemaining(e -> read.add(e.line()));
      }
    }
    assertThat(read).containsExactly("from b");
    assertThat(reader.byTrace(scope("a|c"), trace, null, ALL_START, ALL_END, 10, new ScanStats()))
        .extracting(e -> e.stream().labels().get(label))
        .containsExactly("a", "c");
  }

  @Test
  void persistsTheWalSequenceExactly() {
    LogStore store = store();
    assertThat(store.writer().persistedSequence()).isZero();
    write(store, 5, TENANT, LabelSet.of("app", "a"), entry(T0, "five"));
    write(store, 7, TENANT, LabelSet.of("app", "a"), entry(T0 + 1, "seven"));
    store.writer().flush();
    assertThat(store.writer().persistedSequence()).isEqualTo(7);
    store = reopenIfPersistent(store);
    assertThat(store.writer().persistedSequence()).isEqualTo(7);
    write(store, 9, TENANT, LabelSet.of("app", "a"), entry(T0 + 2, "nine"));
    store.writer().flush();
    store = reopenIfPersistent(store);
    assertThat(store.writer().persistedSequence()).isEqualTo(9);
    assertThat(lines(read(store, all(TENANT)))).containsExactly("five", "seven", "nine");
    // A WAL record whose streams were all rejected upstream still counts as applied.
    store.writer().write(11, TENANT, List.of());
    store.writer().flush();
    assertThat(store.writer().persistedSequence()).isEqualTo(11);
    store = reopenIfPersistent(store);
    assertThat(store.writer().persistedSequence()).isEqualTo(11);
  }

  @Test
  void keepsFlushedDataAcrossReopen() {
    assumeTrue(persistent(), "the backend keeps nothing across a reopen");
    LogStore store = store();
    String trace = "0af7651916cd43dd8448eb211c80319c";
    List<LogEntry> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      LogEntry entry =
          i % 50 == 0
              ? traced(T0 + i * SECOND, "line " + i + " " + "y".repeat(i % 40), trace, "s" + i)
              : entry(T0 + i * SECOND, "line " + i + " " + "y".repeat(i % 40));
      write(store, i + 1, TENANT, LabelSet.of("app", i % 2 == 0 ? "even" : "odd"), entry);
      expected.add(entry);
    }
    store.writer().flush();
    store = reopen(store);
    List<LogEntry> all = new ArrayList<>(read(store, all(TENANT)));
    all.sort(java.util.Comparator.comparingLong(LogEntry::timestampNanos));
    assertThat(all).containsExactlyElementsOf(expected);
    assertThat(store.reader().labelValues(all(TENANT), "app")).containsExactly("even", "odd");
    assertThat(byTrace(store, TENANT, trace, null, ALL_START, ALL_END, 100)).hasSize(6);
    assertThat(store.stats().entries()).isEqualTo(300);
    // Still writable after reopening.
    write(store, 301, TENANT, LabelSet.of("app", "even"), entry(T0 + 400 * SECOND, "after reopen"));
    store.writer().flush();
    assertThat(
            read(
                    store,
                    all(TENANT, LabelMatcher.equal("app", "even")),
                    Direction.BACKWARD,
                    List.of())
                .get(0)
                .line())
        .isEqualTo("after reopen");
  }

  @Test
  void dropsDataOlderThanTheRetentionCutoff() {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    write(store, 1, TENANT, labels, entry(T0, "old 1"), entry(T0 + SECOND, "old 2"));
    write(store, 2, TENANT, LabelSet.of("app", "gone"), entry(T0 + 2 * SECOND, "old 3"));
    write(store, 3, TENANT, labels, entry(T0 + 10 * HOUR, "new"));
    store.writer().flush();
    long before = store.stats().entries();

    long removed = store.enforceRetention(Instant.ofEpochSecond((T0 + 5 * HOUR) / SECOND));

    assertThat(removed).isEqualTo(3);
    assertThat(before).isEqualTo(4);
    assertThat(lines(read(store, all(TENANT)))).containsExactly("new");
    assertThat(store.reader().labelValues(all(TENANT), "app")).containsExactly("a");
    assertThat(store.stats().entries()).isEqualTo(1);
    assertThat(store.enforceRetention(Instant.ofEpochSecond((T0 + 5 * HOUR) / SECOND))).isZero();
    store = reopenIfPersistent(store);
    assertThat(lines(read(store, all(TENANT)))).containsExactly("new");
  }

  @Test
  void eachTenantKeepsWhatItsOwnCutoffKeeps() {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "a");
    String shortLived = "short";
    String longLived = "long";
    String third = "third";
    String fake = TenantId.DEFAULT.value();
    long sequence = 0;
    for (String tenant : List.of(shortLived, longLived, third, fake)) {
      write(
          store,
          ++sequence,
          tenant,
          labels,
          traced(T0, tenant + " old", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"),
          entry(T0 + SECOND, tenant + " old 2"));
      write(
          store,
          ++sequence,
          tenant,
          LabelSet.of("app", "mid"),
          entry(T0 + 10 * HOUR, tenant + " mid"));
      write(store, ++sequence, tenant, labels, entry(T0 + 30 * HOUR, tenant + " new"));
    }
    store.writer().flush();
    RetentionPolicy policy =
        new RetentionPolicy(
            instant(T0 + 20 * HOUR),
            Map.of(
                new TenantId(shortLived), instant(T0 + 5 * HOUR),
                new TenantId(longLived), instant(T0 - 100 * HOUR)));

    long removed = store.enforceRetention(policy);

    assertThat(removed).isEqualTo(2 + 3 + 3);
    assertRetained(store, shortLived, List.of("short mid", "short new"));
    assertRetained(store, longLived, List.of("long old", "long old 2", "long mid", "long new"));
    assertRetained(store, third, List.of("third new"));
    assertRetained(store, fake, List.of("fake new"));
    assertThat(store.reader().labelValues(all(third), "app")).containsExactly("a");
    assertThat(store.reader().labelValues(all(shortLived), "app")).containsExactly("a", "mid");
    assertThat(
            byTrace(
                store,
                shortLived,
                "4bf92f3577b34da6a3ce929d0e0e4736",
                null,
                ALL_START,
                ALL_END,
                10))
        .isEmpty();
    assertThat(
            byTrace(
                store, longLived, "4bf92f3577b34da6a3ce929d0e0e4736", null, ALL_START, ALL_END, 10))
        .extracting(found -> found.entry().line())
        .containsExactly("long old");
    assertThat(store.stats().entries()).isEqualTo(16 - removed);
    assertThat(store.enforceRetention(policy)).isZero();

    store = reopenIfPersistent(store);

    assertRetained(store, shortLived, List.of("short mid", "short new"));
    assertRetained(store, longLived, List.of("long old", "long old 2", "long mid", "long new"));
    assertRetained(store, fake, List.of("fake new"));
    // Still writable, for every tenant, after the partitions were rewritten.
    write(store, ++sequence, longLived, labels, entry(T0 + 2 * SECOND, "long late"));
    store.writer().flush();
    assertThat(lines(read(store, all(longLived)))).contains("long old 2", "long late");
  }

  @Test
  void aLongerRetentionForOneTenantKeepsWhatTheDefaultWouldDrop() {
    LogStore store = store();
    write(store, 1, TENANT, LabelSet.of("app", "a"), entry(T0, "kept"));
    write(store, 2, "other", LabelSet.of("app", "a"), entry(T0, "dropped"));
    store.writer().flush();

    store.enforceRetention(
        new RetentionPolicy(
            instant(T0 + 5 * HOUR), Map.of(new TenantId(TENANT), instant(T0 - HOUR))));

    assertThat(lines(read(store, all(TENANT)))).containsExactly("kept");
    assertThat(read(store, all("other"))).isEmpty();
    store = reopenIfPersistent(store);
    assertThat(lines(read(store, all(TENANT)))).containsExactly("kept");
    assertThat(read(store, all("other"))).isEmpty();
  }

  private static void assertRetained(LogStore store, String tenant, List<String> expected) {
    assertThat(lines(read(store, all(tenant))))
        .as("lines of %s", tenant)
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  @Test
  void reportsStats() {
    LogStore store = store();
    write(store, 1, TENANT, LabelSet.of("app", "a"), entry(T0, "abc"), entry(T0 + 1, "ü"));
    write(store, 2, "other", LabelSet.of("app", "a"), entry(T0 + 3 * HOUR, "xyz1"));
    store.writer().flush();
    var stats = store.stats();
    assertThat(stats.streams()).isEqualTo(2);
    assertThat(stats.entries()).isEqualTo(3);
    assertThat(stats.uncompressedBytes()).isEqualTo(3 + 2 + 4);
    assertThat(stats.bytesOnDisk()).isGreaterThanOrEqualTo(persistent() ? 1 : 0);
    assertThat(stats.partitions()).isPositive();
  }

  @Test
  void readersRunConcurrentlyWithTheWriter() throws Exception {
    LogStore store = store();
    LabelSet labels = LabelSet.of("app", "busy");
    int batches = 150;
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    Runnable reader =
        () -> {
          int previous = 0;
          while (!done.get() && problems.isEmpty()) {
            List<LogEntry> seen = read(store, all(TENANT));
            for (int i = 0; i < seen.size(); i++) {
              if (!seen.get(i).line().startsWith("entry " + i + " ")) {
                problems.add(
                    "position " + i + " holds '" + seen.get(i).line() + "' of " + seen.size());
                break;
              }
            }
            if (seen.size() < previous) {
              problems.add("went back from " + previous + " to " + seen.size() + " entries");
            }
            previous = seen.size();
          }
        };
    Thread first = Thread.ofPlatform().start(reader);
    Thread second = Thread.ofPlatform().start(reader);
    int next = 0;
    for (int batch = 0; batch < batches && problems.isEmpty(); batch++) {
      List<LogEntry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++, next++) {
        entries.add(entry(T0 + next * SECOND, "entry " + next + " " + "z".repeat(80)));
      }
      store.writer().write(batch + 1, TENANT, List.of(new LogStream(labels, entries)));
      if (batch % 25 == 0) {
        store.writer().flush();
      }
    }
    store.writer().flush();
    done.set(true);
    first.join(TimeUnit.SECONDS.toMillis(20));
    second.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(problems).isEmpty();
    assertThat(read(store, all(TENANT))).hasSize(next);
  }
}
