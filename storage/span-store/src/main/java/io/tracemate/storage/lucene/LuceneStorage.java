package io.tracemate.storage.lucene;

import io.tracemate.common.tenant.RetentionPolicy;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.storage.DependencyReader;
import io.tracemate.storage.SpanWriter;
import io.tracemate.storage.StorageBackend;
import io.tracemate.storage.StorageException;
import io.tracemate.storage.StorageStats;
import io.tracemate.storage.TraceReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded span store: time-partitioned Lucene indexes under {@code dataDir/spans}. See the package
 * documentation for the layout and the reasons behind it.
 *
 * <p>Thread-safe. Spans become searchable within {@link LuceneStorageConfig#refreshInterval()} (a background
 * thread refreshes the readers) and durable on {@code flush()} or {@link #close()}.
 */
public final class LuceneStorage implements StorageBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LuceneStorage.class);
  static final String SPANS_DIR = "spans";

  private final LuceneStorageConfig config;
  private final Path spansDir;
  private final long partitionSeconds;
  private final Object partitionsLock = new Object();

  /** Live partitions by start second; an immutable map replaced whole, so readers never lock. */
  private volatile NavigableMap<Long, Partition> live;

  private volatile long retentionCutoffSeconds = Long.MIN_VALUE;

  /** The last retention run's policy: a tenant's spans routed to a partition past its cutoff are discarded. */
  private volatile RetentionPolicy retention = RetentionPolicy.uniform(Instant.MIN);

  private volatile boolean closed;

  /** Every write that returned before this {@link System#nanoTime()} is searchable (see {@link #visibleBeforeNanos}). */
  private final AtomicLong visibleBeforeNanos = new AtomicLong(Long.MIN_VALUE);

  private final ScheduledExecutorService refresher;
  private final LuceneSpanWriter spanWriter;
  private final LuceneTraceReader traceReader;
  private final LuceneDependencyReader dependencyReader;
  private final int damagedPartitions;

  private LuceneStorage(
      LuceneStorageConfig config, NavigableMap<Long, Partition> partitions, int damagedPartitions) {
    this.config = config;
    this.damagedPartitions = damagedPartitions;
    this.spansDir = config.dataDir().resolve(SPANS_DIR);
    this.partitionSeconds = config.partitionDuration().toSeconds();
    this.live = Collections.unmodifiableNavigableMap(partitions);
    this.spanWriter = new LuceneSpanWriter(this, new TraceRouter(config.traceRoutingCacheSize()));
    this.traceReader = new LuceneTraceReader(this);
    this.dependencyReader = new LuceneDependencyReader(this, config.maxDependencySpans());
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tracemate-lucene-refresh");
              thread.setDaemon(true);
              return thread;
            });
    long interval = config.refreshInterval().toMillis();
    refresher.scheduleWithFixedDelay(
        this::refreshAll, interval, Math.max(1, interval), TimeUnit.MILLISECONDS);
  }

  /**
   * Lucene's IndexWriter and ConcurrentMergeScheduler initialise each other through TestSecrets; when two
   * threads first touch them at once (a query's MultiReader and the first write's IndexWriterConfig on an
   * empty store), each holds one class-initialisation lock and waits for the other forever. Initialising
   * both on the opening thread, before any other thread can, rules that out.
   */
  private static void initializeLuceneClasses() {
    ClassLoader loader = LuceneStorage.class.getClassLoader();
    try {
      Class.forName("org.apache.lucene.index.IndexWriter", true, loader);
      Class.forName("org.apache.lucene.index.ConcurrentMergeScheduler", true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("Lucene is not on the class path", e);
    }
  }

  /**
   * Opens the store in {@code config.dataDir()}, creating it when absent.
   *
   * @throws StorageException when the directory is unusable or another process has the store open
   */
  public static LuceneStorage open(LuceneStorageConfig config) {
    initializeLuceneClasses();
    Path spansDir = config.dataDir().resolve(SPANS_DIR);
    NavigableMap<Long, Partition> partitions = new TreeMap<>();
    int[] damaged = {0};
    try {
      Files.createDirectories(spansDir);
      List<Path> children;
      try (Stream<Path> listing = Files.list(spansDir)) {
        children = listing.sorted().toList();
      }
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (name.endsWith(Partition.DELETED_SUFFIX)) {
          Partition.delete(child);
        } else if (Files.isDirectory(child) && name.matches("-?\\d+")) {
          long start = Long.parseLong(name);
          Partition partition = openOrSetAside(child, start, config, damaged);
          if (partition != null) {
            partitions.put(start, partition);
          }
        } else if (name.equals(DamagedPartitions.CORRUPT_DIR)) {
          LOG.warn(
              "{} holds span store partitions set aside as damaged at an earlier start; remove it once"
                  + " inspected",
              child);
        } else {
          LOG.warn("Ignoring {}: not a partition directory", child);
        }
      }
    } catch (LockObtainFailedException e) {
      partitions.values().forEach(Partition::release);
      throw new StorageException(
          "span store " + config.dataDir() + " is in use by another process", false, e);
    } catch (IOException | RuntimeException e) {
      partitions.values().forEach(Partition::release);
      throw new StorageException(
          "cannot open span store " + config.dataDir() + ": " + e.getMessage(), false, e);
    }
    LOG.info("Opened span store {} with {} partitions", config.dataDir(), partitions.size());
    return new LuceneStorage(config, partitions, damaged[0]);
  }

  /**
   * Opens a partition; one whose files are damaged is repaired or set aside ({@link DamagedPartitions}) rather than
   * failing the whole store.
   *
   * @param damaged counts the partitions found damaged
   * @return the partition, or null when it was moved aside whole
   */
  private static Partition openOrSetAside(
      Path dir, long start, LuceneStorageConfig config, int[] damaged) throws IOException {
    long duration = config.partitionDuration().toSeconds();
    try {
      return Partition.open(dir, start, duration, config.ramBufferSizeMb());
    } catch (IOException | RuntimeException e) {
      if (!DamagedPartitions.isDamage(e)) {
        throw e;
      }
      damaged[0]++;
      if (DamagedPartitions.setAside(dir, e)) {
        return Partition.open(dir, start, duration, config.ramBufferSizeMb());
      }
      return null;
    }
  }

  public LuceneStorageConfig config() {
    return config;
  }

  @Override
  public SpanWriter spanWriter() {
    return spanWriter;
  }

  @Override
  public TraceReader traceReader() {
    return traceReader;
  }

  @Override
  public DependencyReader dependencyReader() {
    return dependencyReader;
  }

  long partitionSeconds() {
    return partitionSeconds;
  }

  NavigableMap<Long, Partition> livePartitions() {
    return live;
  }

  /** Whether a partition starting here would end at or before the last retention cutoff. */
  boolean isExpired(long partitionStartSeconds) {
    Partition existing = live.get(partitionStartSeconds);
    long end = existing != null ? existing.endSeconds() : partitionStartSeconds + partitionSeconds;
    return end <= retentionCutoffSeconds;
  }

  /** Whether {@code tenant}'s spans in the partition starting here are older than its last retention cutoff. */
  boolean isExpired(TenantId tenant, long partitionStartSeconds) {
    Partition existing = live.get(partitionStartSeconds);
    long end = existing != null ? existing.endSeconds() : partitionStartSeconds + partitionSeconds;
    return end <= retention.cutoffFor(tenant).getEpochSecond();
  }

  void ensureOpen() {
    if (closed) {
      throw new StorageException("span store " + config.dataDir() + " is closed", false);
    }
  }

  /**
   * The partition starting at {@code startSeconds}, created when absent, with a reference taken for the
   * caller; null when it has expired (its spans are older than retention keeps).
   */
  Partition acquireOrCreate(long startSeconds) throws IOException {
    Partition partition = live.get(startSeconds);
    if (partition != null && partition.tryAcquire()) {
      return partition;
    }
    synchronized (partitionsLock) {
      ensureOpen();
      partition = live.get(startSeconds);
      if (partition == null) {
        if (isExpired(startSeconds)) {
          return null;
        }
        partition =
            Partition.open(
                spansDir.resolve(Long.toString(startSeconds)),
                startSeconds,
                partitionSeconds,
                config.ramBufferSizeMb());
        NavigableMap<Long, Partition> next = new TreeMap<>(live);
        next.put(startSeconds, partition);
        live = Collections.unmodifiableNavigableMap(next);
        LOG.debug("Created partition {}", partition);
      }
      if (!partition.tryAcquire()) {
        throw new StorageException("partition " + partition + " closed while in use", true);
      }
      return partition;
    }
  }

  /** References to every live partition, newest first; release each when done. */
  List<Partition> acquireAll() {
    ensureOpen();
    List<Partition> acquired = new ArrayList<>();
    for (Partition partition : live.descendingMap().values()) {
      if (partition.tryAcquire()) {
        acquired.add(partition);
      }
    }
    return acquired;
  }

  static void releaseAll(List<Partition> partitions) {
    partitions.forEach(Partition::release);
  }

  void flushAll() {
    long started = System.nanoTime();
    List<Partition> partitions = acquireAll();
    try {
      for (Partition partition : partitions) {
        partition.commitAndRefresh();
      }
      advanceVisible(started);
    } catch (IOException e) {
      throw new StorageException("flushing the span store failed: " + e.getMessage(), true, e);
    } finally {
      releaseAll(partitions);
    }
  }

  private void refreshAll() {
    if (closed) {
      return;
    }
    // A reader opened after this instant sees every document added before it.
    long started = System.nanoTime();
    boolean everyPartition = true;
    for (Partition partition : live.values()) {
      if (partition.tryAcquire()) {
        try {
          everyPartition &= partition.refresh();
        } catch (IOException | RuntimeException e) {
          everyPartition = false;
          LOG.warn("Refreshing {} failed", partition, e);
        } finally {
          partition.release();
        }
      }
    }
    if (everyPartition) {
      advanceVisible(started);
    }
  }

  /** The refresh thread and a flush may finish out of order: the later start wins. */
  private void advanceVisible(long refreshStartedNanos) {
    visibleBeforeNanos.accumulateAndGet(
        refreshStartedNanos,
        (current, started) ->
            current == Long.MIN_VALUE || started - current > 0 ? started : current);
  }

  /**
   * Every write that returned before this {@link System#nanoTime()} instant is searchable: the start of the last
   * refresh (or flush) that reached every live partition. {@link Long#MIN_VALUE} before the first.
   */
  long visibleBeforeNanos() {
    return visibleBeforeNanos.get();
  }

  /**
   * Drops the partitions that end at or before the policy's earliest cutoff (no tenant keeps anything in them):
   * removed from the live set at once, deleted when the last query using them is done. Then, in each younger
   * partition, deletes the spans of every tenant whose own cutoff the partition's end has passed, and rewrites
   * the segments that held them before returning (see {@link Partition#deleteTenants}). A span of such a tenant
   * written while the run deletes may survive it; the next run deletes it.
   *
   * @return how many partitions were dropped whole or lost a tenant's spans
   */
  @Override
  public int enforceRetention(RetentionPolicy policy) {
    long earliestSeconds =
        policy.earliestCutoff().getEpochSecond(); // partition ends are whole seconds
    List<Partition> doomed = new ArrayList<>();
    synchronized (partitionsLock) {
      ensureOpen();
      retention = policy;
      retentionCutoffSeconds = Math.max(retentionCutoffSeconds, earliestSeconds);
      NavigableMap<Long, Partition> kept = new TreeMap<>();
      for (Map.Entry<Long, Partition> entry : live.entrySet()) {
        if (entry.getValue().endSeconds() <= earliestSeconds) {
          doomed.add(entry.getValue());
        } else {
          kept.put(entry.getKey(), entry.getValue());
        }
      }
      live = Collections.unmodifiableNavigableMap(kept);
    }
    for (Partition partition : doomed) {
      LOG.info("Retention drops {}", partition);
      partition.markDropped();
      partition.release();
    }
    return doomed.size() + deleteExpiredTenants(policy);
  }

  /** Deletes, partition by partition, the spans of the tenants whose cutoff the partition is past. */
  private int deleteExpiredTenants(RetentionPolicy policy) {
    int affected = 0;
    List<Partition> partitions = acquireAll();
    try {
      for (Partition partition : partitions) {
        List<TenantId> expired = new ArrayList<>();
        for (TenantId tenant : partition.catalog().tenants()) {
          if (partition.endSeconds() <= policy.cutoffFor(tenant).getEpochSecond()) {
            expired.add(tenant);
          }
        }
        if (!expired.isEmpty()) {
          long spans = partition.deleteTenants(expired);
          LOG.info("Retention deleted {} spans of tenants {} from {}", spans, expired, partition);
          affected++;
        }
      }
    } catch (IOException e) {
      throw new StorageException(
          "deleting expired tenants' spans failed: " + e.getMessage(), true, e);
    } finally {
      releaseAll(partitions);
    }
    return affected;
  }

  @Override
  public StorageStats stats() {
    List<Partition> partitions = acquireAll();
    try {
      long bytes = 0;
      long spans = 0;
      for (Partition partition : partitions) {
        bytes += partition.bytesOnDisk();
        spans += partition.spanCount();
      }
      return new StorageStats(bytes, spans, partitions.size(), damagedPartitions);
    } catch (IOException e) {
      throw new StorageException("reading span store size failed: " + e.getMessage(), true, e);
    } finally {
      releaseAll(partitions);
    }
  }

  @Override
  public void close() {
    NavigableMap<Long, Partition> partitions;
    synchronized (partitionsLock) {
      if (closed) {
        return;
      }
      closed = true;
      partitions = live;
      live = Collections.emptyNavigableMap();
    }
    refresher.shutdown();
    try {
      if (!refresher.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("Refresh thread still running at close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Each partition commits as it closes, once the last write or search using it is done.
    partitions.values().forEach(Partition::release);
    LOG.info("Closed span store {}", config.dataDir());
  }
}
