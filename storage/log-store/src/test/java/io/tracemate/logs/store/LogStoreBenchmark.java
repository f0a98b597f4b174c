package io.tracemate.logs.store;

import io.tracemate.common.tenant.TenantScope;
import io.tracemate.logs.Direction;
import io.tracemate.logs.LabelMatcher;
import io.tracemate.logs.LogCursor;
import io.tracemate.logs.LogSelection;
import io.tracemate.logs.LogStoreStats;
import io.tracemate.logs.ScanStats;
import io.tracemate.logs.StreamRef;
import io.tracemate.logs.model.LogStream;
import io.tracemate.testing.corpus.LogCorpus;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Measures the embedded store on {@link LogCorpus}: ingest MB of raw text per CPU-second of the writing thread,
 * bytes on disk per line, {@code {app="x"} |= "needle"} scan speed per core, and byTrace latency.
 *
 * <pre>
 * java -cp ... io.tracemate.logs.store.LogStoreBenchmark [raw-MB=1024] [dir] [chunk-bytes=524288] [level=3]
 * </pre>
 *
 * <p>With a directory the data stays; a negative raw-MB (e.g. -10240 after an ingest of 10240) then re-runs only
 * the queries on it (the corpus is regenerated, not stored, to know its trace IDs).
 */
public final class LogStoreBenchmark {
  private static final String TENANT = "bench";

  private LogStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    long requestedMb = args.length > 0 ? Long.parseLong(args[0]) : 1024;
    boolean ingest = requestedMb > 0;
    long targetBytes = Math.abs(requestedMb) << 20;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("log-store-bench");
    int chunkBytes =
        args.length > 2
            ? Integer.parseInt(args[2])
            : EmbeddedLogStoreConfig.DEFAULT_CHUNK_TARGET_BYTES;
    int level =
        args.length > 3
            ? Integer.parseInt(args[3])
            : EmbeddedLogStoreConfig.DEFAULT_COMPRESSION_LEVEL;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    EmbeddedLogStoreConfig config =
        EmbeddedLogStoreConfig.defaults(dir)
            .withChunkTargetBytes(chunkBytes)
            .withCompressionLevel(level);
    long start = 1_700_000_000_000_000_000L;
    // ~2,000 lines/s across 100 streams: 1 GB covers ~10 hours, i.e. ~10 partitions.
    LogCorpus corpus = new LogCorpus(42, 100, start, 500_000L);
    long ingestCpu = 0;
    long ingestWall = 0;
    long sequence = 0;
    if (!ingest) {
      while (corpus.generatedBytes() < targetBytes) {
        corpus.next(1000);
      }
    }
    try (EmbeddedLogStore store = EmbeddedLogStore.open(config)) {
      long flushedAt = 0;
      while (ingest && corpus.generatedBytes() < targetBytes) {
        List<LogStream> batch = corpus.next(1000);
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        store.writer().write(++sequence, TENANT, batch);
        if (corpus.generatedBytes() - flushedAt > (32 << 20)) {
          store.writer().flush();
          flushedAt = corpus.generatedBytes();
        }
        ingestCpu += threads.getCurrentThreadCpuTime() - cpu0;
        ingestWall += System.nanoTime() - wall0;
      }
      long cpu0 = threads.getCurrentThreadCpuTime();
      store.writer().flush();
      ingestCpu += threads.getCurrentThreadCpuTime() - cpu0;
    }
    double rawMb = corpus.generatedBytes() / 1e6;
    if (ingest) {
      System.out.printf(
          Locale.ROOT,
          "corpus: %,d lines, %.1f MB raw, %.1f bytes/line average%n",
          corpus.generatedLines(),
          rawMb,
          corpus.generatedBytes() / (double) corpus.generatedLines());
      System.out.printf(
          Locale.ROOT,
          "ingest: %.1f MB/s per CPU-second of the writer thread (%.1f MB/s wall)%n",
          rawMb / (ingestCpu / 1e9),
          rawMb / (ingestWall / 1e9));
    }

    try (EmbeddedLogStore store = EmbeddedLogStore.open(config)) {
      LogStoreStats stats = store.stats();
      long chunkBytesOnDisk = 0;
      long indexBytes = 0;
      try (var files = Files.walk(dir)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (file.getFileName().toString().equals(Partition.CHUNKS)) {
            chunkBytesOnDisk += Files.size(file);
          } else if (file.getFileName().toString().equals(Partition.INDEX)) {
            indexBytes += Files.size(file);
          }
        }
      }
      long headEntries = 0;
      for (Partition partition : store.partitions()) {
        for (PartitionStream stream : partition.streams()) {
          headEntries += stream.snapshot().headSize();
        }
      }
      long chunked = stats.entries() - headEntries;
      System.out.printf(
          Locale.ROOT,
          "size: chunks %.1f + index %.1f bytes per chunked line (%,d lines in %,d chunks,"
              + " %d partitions); everything on disk incl. head journal: %.1f bytes/line; %,d lines in heads%n",
          chunkBytesOnDisk / (double) chunked,
          indexBytes / (double) chunked,
          chunked,
          stats.chunks(),
          stats.partitions(),
          stats.bytesOnDisk() / (double) stats.entries(),
          headEntries);
      for (int round = 1; round <= 2; round++) {
        ScanStats scan = new ScanStats();
        long matched = 0;
        long cpu0 = threads.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        LogSelection all =
            new LogSelection(TenantScope.parse(TENANT), List.of(), Long.MIN_VALUE, Long.MAX_VALUE);
        for (String app : store.reader().labelValues(all, "app")) {
          LogSelection selection =
              new LogSelection(
                  TenantScope.parse(TENANT),
                  List.of(LabelMatcher.equal("app", app)),
                  Long.MIN_VALUE,
                  Long.MAX_VALUE);
          for (StreamRef ref : store.reader().streams(selection)) {
            try (LogCursor cursor =
                store
                    .reader()
                    .entries(
                        selection, ref, Direction.BACKWARD, List.of(LogCorpus.RARE_NEEDLE), scan)) {
              while (cursor.hasNext()) {
                cursor.next();
                matched++;
              }
            }
          }
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        System.out.printf(
            Locale.ROOT,
            "scan round %d: |= \"%s\" over %.1f MB raw in %d chunks: %d matches, "
                + "%.2f GB/s per core (CPU), %.2f GB/s wall%n",
            round,
            LogCorpus.RARE_NEEDLE,
            scan.bytes() / 1e6,
            scan.chunks(),
            matched,
            scan.bytes() / (double) cpu,
            scan.bytes() / (double) wall);
      }

      List<String> traceIds = corpus.sampledTraceIds();
      int lookups = Math.min(2000, traceIds.size());
      long[] latencies = new long[lookups];
      long[] cpuTimes = new long[lookups];
      long found = 0;
      ScanStats traceStats = new ScanStats();
      for (int i = 0; i < lookups; i++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        found +=
            store
                .reader()
                .byTrace(
                    TenantScope.parse(TENANT),
                    traceIds.get((i * 7919) % traceIds.size()),
                    null,
                    Long.MIN_VALUE,
                    Long.MAX_VALUE,
                    1000,
                    traceStats)
                .size();
        latencies[i] = System.nanoTime() - t0;
        cpuTimes[i] = threads.getCurrentThreadCpuTime() - cpu0;
      }
      Arrays.sort(latencies);
      Arrays.sort(cpuTimes);
      System.out.printf(
          Locale.ROOT,
          "byTrace: %d lookups, %.1f entries and %.1f chunks opened each; wall p50 %.2f ms,"
              + " p99 %.2f ms, max %.2f ms; CPU p50 %.2f ms, p99 %.2f ms%n",
          lookups,
          found / (double) lookups,
          traceStats.chunks() / (double) lookups,
          latencies[lookups / 2] / 1e6,
          latencies[(int) (lookups * 0.99)] / 1e6,
          latencies[lookups - 1] / 1e6,
          cpuTimes[lookups / 2] / 1e6,
          cpuTimes[(int) (lookups * 0.99)] / 1e6);
    }
    if (args.length <= 1) {
      StoreWriter.deleteRecursively(dir);
    }
  }
}
