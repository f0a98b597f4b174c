package io.tracemate.alerting.rules.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert history: every tenant's alert transitions (pending, firing, resolved, inactive), kept on disk for the
 * alerts page and {@code /api/alerts/history}, bounded in age and in entries.
 *
 * <h2>On disk</h2>
 * One directory per tenant ({@code <dir>/<tenant>/}) of segment files ({@code <epoch millis of the first
 * entry>.jsonl}), one JSON object per line. The ruler appends each evaluation's transitions to the newest segment
 * and forces them to disk before it evaluates the group again, so what the history says survives a crash; a line
 * cut short by one is dropped when the tenant's history is next opened. A segment takes {@link
 * AlertHistorySettings#entriesPerSegment()} entries or {@link AlertHistorySettings#segmentSpan()} of time, then
 * the next one starts; after every append the oldest segments are deleted while the tenant holds more than {@link
 * AlertHistorySettings#maxEntries()} entries or their newest entry is older than the retention. Reads leave out
 * entries past the retention that a deletion has not reached yet.
 *
 * <h2>Cost</h2>
 * A tenant's segments are scanned once, when its history is first opened (at most {@code maxEntries} lines); a read
 * parses only the segments whose time span meets the range and keeps the newest {@code limit} matches in a heap.
 * One evaluation records at most a segment's worth of transitions (a rule flapping across thousands of series
 * keeps its first ones and says how many it dropped).
 *
 * <p>Thread-safe: a tenant's appends, deletions and segment list are guarded by its own lock; reads take a copy of
 * the segment list under it and read the files without it (a line being written is skipped, a segment deleted
 * meanwhile is left out).
 */
public final class AlertHistory {
  private static final Logger log = LoggerFactory.getLogger(AlertHistory.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final String SUFFIX = ".jsonl";

  private final Path directory;
  private final AlertHistorySettings settings;
  private final Clock clock;
  private final Map<TenantId, TenantLog> tenants = new ConcurrentHashMap<>();

  public AlertHistory(Path directory, AlertHistorySettings settings, Clock clock) {
    this.directory = directory;
    this.settings = settings;
    this.clock = clock;
  }

  public AlertHistorySettings settings() {
    return settings;
  }

  /** The file's form of one entry. */
  record StoredEntry(
      @JsonProperty("time") long time,
      @JsonProperty("namespace") String namespace,
      @JsonProperty("group") String group,
      @JsonProperty("from") HistoryState from,
      @JsonProperty("to") HistoryState to,
      @JsonProperty("labels") Map<String, String> labels,
      @JsonProperty("annotations") Map<String, String> annotations,
      @JsonProperty("value") String value,
      @JsonProperty("activeAt") long activeAt,
      @JsonProperty("logLines") int logLines,
      @JsonProperty("traceIds") List<String> traceIds,
      @JsonProperty("firstLine") String firstLine) {

    static StoredEntry of(AlertTransition t) {
      return new StoredEntry(
          t.time().toEpochMilli(),
          t.namespace(),
          t.group(),
          t.from(),
          t.to(),
          t.labels(),
          t.annotations(),
          Double.toString(t.value()),
          t.activeAt().toEpochMilli(),
          t.evidence().logLines(),
          t.evidence().traceIds(),
          t.evidence().firstLine());
    }

    AlertTransition toTransition(TenantId tenant) {
      return new AlertTransition(
          tenant,
          Instant.ofEpochMilli(time),
          namespace == null ? "" : namespace,
          group == null ? "" : group,
          from,
          to,
          labels == null ? new TreeMap<>() : new TreeMap<>(labels),
          annotations == null ? Map.of() : annotations,
          value == null ? Double.NaN : Double.parseDouble(value),
          Instant.ofEpochMilli(activeAt),
          new AlertTransition.EvidenceSummary(
              logLines,
              traceIds == null ? List.of() : traceIds,
              firstLine == null ? "" : firstLine));
    }
  }

  /** One segment file and what it holds. Mutable under its tenant's lock. */
  private static final class Segment {
    final Path file;
    long minMillis = Long.MAX_VALUE;
    long maxMillis = Long.MIN_VALUE;
    int count;

    Segment(Path file) {
      this.file = file;
    }

    void add(long millis) {
      minMillis = Math.min(minMillis, millis);
      maxMillis = Math.max(maxMillis, millis);
      count++;
    }

    Segment copy() {
      Segment copy = new Segment(file);
      copy.minMillis = minMillis;
      copy.maxMillis = maxMillis;
      copy.count = count;
      return copy;
    }
  }

  /** One tenant's segments, oldest first, and the channel of the newest. */
  private static final class TenantLog {
    final Path directory;
    final List<Segment> segments = new ArrayList<>();
    FileChannel appending;
    long total;

    TenantLog(Path directory) {
      this.directory = directory;
    }
  }

  /**
   * Appends one evaluation's transitions of one tenant and forces them to disk; then drops what is past the bounds.
   * Never throws: a history that cannot be written is logged, and evaluation goes on.
   */
  public void record(TenantId tenant, List<AlertTransition> transitions) {
    if (transitions.isEmpty()) {
      return;
    }
    List<AlertTransition> kept = transitions;
    int most = settings.entriesPerSegment();
    if (kept.size() > most) {
      log.warn(
          "One evaluation of tenant {}'s rules changed {} alerts; the alert history keeps the first {}",
          tenant,
          kept.size(),
          most);
      kept = kept.subList(0, most);
    }
    try {
      TenantLog tenantLog = open(tenant, true);
      synchronized (tenantLog) {
        append(tenantLog, kept);
        prune(tenantLog);
      }
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not write the alert history of tenant {}: {}", tenant, e.toString());
    }
  }

  /** The entries of {@code scope}'s tenants that {@code query} asks for, newest first. */
  public List<AlertTransition> read(TenantScope scope, HistoryQuery query) {
    Instant cutoff = clock.instant().minus(settings.retention());
    long start = Math.max(query.start().toEpochMilli(), cutoff.toEpochMilli());
    long end = query.end().toEpochMilli();
    // Equal times (one evaluation's transitions) keep the order they were written in.
    Comparator<Ranked> oldestFirst =
        Comparator.comparing((Ranked r) -> r.entry().time())
            .thenComparing(r -> r.entry().tenant().value())
            .thenComparingLong(Ranked::order);
    PriorityQueue<Ranked> newest = new PriorityQueue<>(oldestFirst);
    for (TenantId tenant : scope.tenants()) {
      TenantLog tenantLog;
      try {
        tenantLog = open(tenant, false);
      } catch (IOException | UncheckedIOException e) {
        log.warn("Could not read the alert history of tenant {}: {}", tenant, e.toString());
        continue;
      }
      if (tenantLog == null) {
        continue;
      }
      List<Segment> segments = new ArrayList<>();
      synchronized (tenantLog) {
        tenantLog.segments.forEach(s -> segments.add(s.copy()));
      }
      for (int s = segments.size() - 1; s >= 0; s--) {
        Segment segment = segments.get(s);
        if (segment.count == 0 || segment.maxMillis < start || segment.minMillis > end) {
          continue;
        }
        if (newest.size() == query.limit()
            && segment.maxMillis < newest.peek().entry().time().toEpochMilli()) {
          continue; // nothing in it is newer than what is already kept
        }
        List<AlertTransition> entries = readSegment(tenant, segment.file);
        for (int line = 0; line < entries.size(); line++) {
          AlertTransition entry = entries.get(line);
          if (entry.time().toEpochMilli() < start || !query.matches(entry)) {
            continue;
          }
          newest.add(new Ranked(entry, ((long) s << 32) | line));
          if (newest.size() > query.limit()) {
            newest.poll();
          }
        }
      }
    }
    List<Ranked> out = new ArrayList<>(newest);
    out.sort(oldestFirst.reversed());
    return out.stream().map(Ranked::entry).toList();
  }

  /** An entry and where it was written (segment, line): what orders entries of the same time. */
  private record Ranked(AlertTransition entry, long order) {}

  /** Closes the files being appended to. */
  public void close() {
    for (TenantLog tenantLog : tenants.values()) {
      synchronized (tenantLog) {
        closeQuietly(tenantLog);
      }
    }
  }

  /** The tenant's history, opened (scanned) on first use; null when {@code create} is false and it has none. */
  private TenantLog open(TenantId tenant, boolean create) throws IOException {
    TenantLog known = tenants.get(tenant);
    if (known != null) {
      return known;
    }
    Path dir = directory.resolve(tenant.value());
    if (!create && !Files.isDirectory(dir)) {
      return null; // a read of a tenant without history remembers nothing of it
    }
    try {
      return tenants.computeIfAbsent(tenant, t -> load(dir));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private TenantLog load(Path dir) {
    TenantLog tenantLog = new TenantLog(dir);
    if (!Files.isDirectory(dir)) {
      return tenantLog;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files =
          listing
              .filter(p -> p.getFileName().toString().endsWith(SUFFIX))
              .filter(p -> firstMillisOf(p) != null)
              .sorted(Comparator.comparing(AlertHistory::firstMillisOf))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (i == files.size() - 1) {
        cutTornTail(file);
      }
      Segment segment = new Segment(file);
      for (AlertTransition entry : readSegment(null, file)) {
        segment.add(entry.time().toEpochMilli());
      }
      tenantLog.segments.add(segment);
      tenantLog.total += segment.count;
    }
    return tenantLog;
  }

  private void append(TenantLog tenantLog, List<AlertTransition> transitions) throws IOException {
    int perSegment = settings.entriesPerSegment();
    long span = settings.segmentSpan().toMillis();
    for (AlertTransition transition : transitions) {
      long millis = transition.time().toEpochMilli();
      Segment current = tenantLog.segments.isEmpty() ? null : tenantLog.segments.getLast();
      boolean full =
          current == null
              || current.count >= perSegment
              || (current.count > 0 && millis - current.minMillis >= span);
      if (full) {
        current = startSegment(tenantLog, millis);
      } else if (tenantLog.appending == null) {
        // the newest segment of before a restart, with room left
        tenantLog.appending =
            FileChannel.open(current.file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      }
      byte[] line = JSON.writeValueAsBytes(StoredEntry.of(transition));
      ByteBuffer buffer = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
      while (buffer.hasRemaining()) {
        tenantLog.appending.write(buffer);
      }
      current.add(millis);
      tenantLog.total++;
    }
    tenantLog.appending.force(false);
  }

  private Segment startSegment(TenantLog tenantLog, long millis) throws IOException {
    closeQuietly(tenantLog);
    Files.createDirectories(tenantLog.directory);
    long name = millis;
    Path file = tenantLog.directory.resolve(name + SUFFIX);
    while (Files.exists(file)) {
      file = tenantLog.directory.resolve(++name + SUFFIX);
    }
    tenantLog.appending =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    forceDirectory(tenantLog.directory);
    Segment segment = new Segment(file);
    tenantLog.segments.add(segment);
    return segment;
  }

  /** Deletes the oldest segments while there are too many entries or they are past the retention. */
  private void prune(TenantLog tenantLog) {
    long cutoff = clock.instant().minus(settings.retention()).toEpochMilli();
    boolean deleted = false;
    while (tenantLog.segments.size() > 1) {
      Segment oldest = tenantLog.segments.getFirst();
      if (tenantLog.total <= settings.maxEntries() && oldest.maxMillis >= cutoff) {
        break;
      }
      try {
        Files.deleteIfExists(oldest.file);
      } catch (IOException e) {
        log.warn(
            "Could not delete the old alert history segment {}: {}", oldest.file, e.toString());
        break;
      }
      tenantLog.segments.removeFirst();
      tenantLog.total -= oldest.count;
      deleted = true;
    }
    if (deleted) {
      forceDirectory(tenantLog.directory);
    }
  }

  /** A segment's entries in file order; unreadable lines (one cut short by a crash) are skipped. */
  private static List<AlertTransition> readSegment(TenantId tenant, Path file) {
    List<AlertTransition> entries = new ArrayList<>();
    TenantId owner = tenant == null ? TenantId.DEFAULT : tenant;
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          entries.add(JSON.readValue(line, StoredEntry.class).toTransition(owner));
        } catch (IOException | RuntimeException e) {
          // a line being written, or cut short by a crash
        }
      }
    } catch (NoSuchFileException e) {
      // deleted by a prune since the segment list was copied
    } catch (IOException e) {
      log.warn("Could not read the alert history segment {}: {}", file, e.toString());
    }
    return entries;
  }

  /** Cuts a last line without its newline (an append a crash interrupted), so the next append starts clean. */
  private static void cutTornTail(Path file) {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long keep = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        channel.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        channel.truncate(keep);
        channel.force(false);
      }
    } catch (IOException e) {
      log.warn("Could not check the end of the alert history segment {}: {}", file, e.toString());
    }
  }

  private static Long firstMillisOf(Path file) {
    String name = file.getFileName().toString();
    try {
      return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void closeQuietly(TenantLog tenantLog) {
    if (tenantLog.appending != null) {
      try {
        tenantLog.appending.close();
      } catch (IOException e) {
        // nothing left to lose: every append was forced
      }
      tenantLog.appending = null;
    }
  }

  private static void forceDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot open a directory for reading
    }
  }
}
