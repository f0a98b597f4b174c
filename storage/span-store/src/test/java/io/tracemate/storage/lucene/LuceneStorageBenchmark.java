package io.tracemate.storage.lucene;

import io.tracemate.codec.SpanBinaryCodec;
import io.tracemate.common.tenant.TenantId;
import io.tracemate.common.tenant.TenantScope;
import io.tracemate.model.Span;
import io.tracemate.model.Trace;
import io.tracemate.model.TraceId;
import io.tracemate.storage.TraceQuery;
import io.tracemate.storage.tck.SingleTenantReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Size and speed of the Lucene store on synthetic traces (10 spans, 11 attributes each). Not a test and not
 * run by the build; run it by hand:
 *
 * <pre>
 * mvn -B -q -pl storage/span-store test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * CP=storage/span-store/target/test-classes:storage/span-store/target/classes:$(cat storage/span-store/target/cp.txt)
 * java -Xmx2g -cp $CP io.tracemate.storage.lucene.LuceneStorageBenchmark \
 *     [spans=1000000] [threads=1] [dir=a new temp dir] [ramBufferMb=64]
 * </pre>
 *
 * <p>Prints bytes per span on disk (every index structure included), write throughput per wall second and
 * per CPU second of the whole process (indexing, merging and GC, minus the time spent generating spans),
 * and trace-by-ID and search latencies after reopening the store.
 */
public final class LuceneStorageBenchmark {
  private static final int TRACES_PER_BATCH = 50;

  private LuceneStorageBenchmark() {}

  public static void main(String[] args) throws Exception {
    long spanTarget = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tracemate-bench");
    long traces = Math.max(1, spanTarget / SyntheticTraces.SPANS_PER_TRACE);
    long batches = Math.max(1, traces / TRACES_PER_BATCH);
    long spans = batches * TRACES_PER_BATCH * SyntheticTraces.SPANS_PER_TRACE;
    long windowStart = (System.currentTimeMillis() - Duration.ofHours(3).toMillis()) * 1_000_000L;
    long traceSpacing = Duration.ofHours(1).toNanos() / (batches * TRACES_PER_BATCH);
    System.out.printf(
        "Writing %,d spans (%,d traces) with %d thread(s) into %s%n",
        spans, spans / 10, threads, dir);

    printEncodingSizes();

    List<TraceId> sampleTraceIds = new ArrayList<>();
    LuceneStorageConfig config =
        LuceneStorageConfig.of(dir)
            .withRamBufferSizeMb(
                args.length > 3
                    ? Double.parseDouble(args[3])
                    : LuceneStorageConfig.DEFAULT_RAM_BUFFER_SIZE_MB);
    ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
    AtomicLong generationCpuNanos = new AtomicLong();
    long wallStart;
    long cpuStart;
    long writeWallNanos;
    long processCpuNanos;
    try (LuceneStorage storage = LuceneStorage.open(config)) {
      wallStart = System.nanoTime();
      cpuStart = processCpuTime();
      AtomicLong nextBatch = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(
            pool.submit(
                () -> {
                  SyntheticTraces generator = new SyntheticTraces(thread);
                  for (long batch = nextBatch.getAndIncrement();
                      batch < batches;
                      batch = nextBatch.getAndIncrement()) {
                    long generationStart = threadBean.getCurrentThreadCpuTime();
                    List<Span> spansOfBatch =
                        new ArrayList<>(TRACES_PER_BATCH * SyntheticTraces.SPANS_PER_TRACE);
                    for (int i = 0; i < TRACES_PER_BATCH; i++) {
                      spansOfBatch.addAll(
                          generator.trace(
                              windowStart + (batch * TRACES_PER_BATCH + i) * traceSpacing));
                    }
                    generationCpuNanos.addAndGet(
                        threadBean.getCurrentThreadCpuTime() - generationStart);
                    if (batch % 200 == 0) {
                      synchronized (sampleTraceIds) {
                        sampleTraceIds.add(spansOfBatch.getFirst().traceId());
                      }
                    }
                    storage.spanWriter().write(TenantId.DEFAULT, spansOfBatch);
                  }
                  return null;
                }));
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
      pool.shutdown();
      storage.spanWriter().flush();
      writeWallNanos = System.nanoTime() - wallStart;
      processCpuNanos = processCpuTime() - cpuStart - generationCpuNanos.get();
      System.out.printf(
          "Write+flush: %.1f s wall, %.1f s CPU (excl. %.1f s generating) -> %,.0f spans/s wall, "
              + "%,.0f spans per CPU-second%n",
          writeWallNanos / 1e9,
          processCpuNanos / 1e9,
          generationCpuNanos.get() / 1e9,
          spans / (writeWallNanos / 1e9),
          spans / (processCpuNanos / 1e9));
      long gcMillis =
          ManagementFactory.getGarbageCollectorMXBeans().stream()
              .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime)
              .sum();
      System.out.printf("GC: %.1f s in total so far%n", gcMillis / 1e3);
      System.out.printf(
          "After flush: %,d bytes, %.1f bytes/span, %d partition(s)%n",
          storage.stats().bytesOnDisk(),
          storage.stats().bytesOnDisk() / (double) spans,
          storage.stats().partitions());
    }
    long closedBytes = printFileBreakdown(dir, spans);
    System.out.printf(
        "After close (merges done): %,d bytes = %.1f bytes/span%n",
        closedBytes, closedBytes / (double) spans);

    try (LuceneStorage storage = LuceneStorage.open(config)) {
      measureQueries(storage, sampleTraceIds);
    }
  }

  private static void measureQueries(LuceneStorage storage, List<TraceId> sampleTraceIds) {
    Random random = new Random(1);
    for (int warmup = 0; warmup < 50; warmup++) {
      new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
          .trace(sampleTraceIds.get(random.nextInt(sampleTraceIds.size())));
    }
    long[] traceLatencies = new long[300];
    for (int i = 0; i < traceLatencies.length; i++) {
      TraceId traceId = sampleTraceIds.get(random.nextInt(sampleTraceIds.size()));
      long start = System.nanoTime();
      Trace trace =
          new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT)
              .trace(traceId)
              .orElseThrow();
      traceLatencies[i] = System.nanoTime() - start;
      if (trace.spans().size() != SyntheticTraces.SPANS_PER_TRACE) {
        throw new IllegalStateException(
            "trace " + traceId + " has " + trace.spans().size() + " spans");
      }
    }
    printLatencies("trace(id)", traceLatencies);

    List<String> services =
        new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).serviceNames();
    String[][] tags = {
      {"http.response.status_code", "404"},
      {"http.route", "/api/checkout"},
      {"error", "true"},
      {"db.system", "postgresql"},
      {"host.name", "node-3"}
    };
    long[] searchLatencies = new long[100];
    int found = 0;
    for (int i = -20; i < searchLatencies.length; i++) {
      String[] tag = tags[random.nextInt(tags.length)];
      TraceQuery query =
          TraceQuery.builder()
              .serviceName(services.get(random.nextInt(services.size())))
              .tag(tag[0], tag[1])
              .limit(20)
              .build();
      long start = System.nanoTime();
      found +=
          new SingleTenantReader(storage.traceReader(), TenantId.DEFAULT).findTraces(query).size();
      if (i >= 0) {
        searchLatencies[i] = System.nanoTime() - start;
      }
    }
    printLatencies("findTraces(service + tag, limit 20)", searchLatencies);
    System.out.printf("  (%,d traces returned in total)%n", found);

    long start = System.nanoTime();
    int links =
        storage
            .dependencyReader()
            .dependencies(TenantScope.DEFAULT, java.time.Instant.EPOCH, java.time.Instant.now())
            .size();
    System.out.printf(
        "dependencies(all): %d links in %.0f ms%n", links, (System.nanoTime() - start) / 1e6);
  }

  private static void printLatencies(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%s: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  /** Raw record bytes per span against OTLP protobuf, before the stored-fields compressor runs. */
  private static void printEncodingSizes() throws IOException {
    SyntheticTraces generator = new SyntheticTraces(99);
    List<Span> sample = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      sample.addAll(generator.trace(1_700_000_000_000_000_000L + i * 1_000_000L));
    }
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    long recordBytes = 0;
    long protoPerSpan = 0;
    for (Span span : sample) {
      out.reset();
      SpanRecord.write(out, span);
      recordBytes += out.size();
      protoPerSpan += SpanBinaryCodec.encode(List.of(span)).length;
    }
    long protoBatched = 0;
    for (int i = 0; i < sample.size(); i += 500) {
      protoBatched +=
          SpanBinaryCodec.encode(sample.subList(i, Math.min(sample.size(), i + 500))).length;
    }
    System.out.printf(
        "Uncompressed bytes/span: store record %.1f, OTLP protobuf per span %.1f, "
            + "OTLP protobuf in 500-span batches %.1f%n",
        recordBytes / (double) sample.size(),
        protoPerSpan / (double) sample.size(),
        protoBatched / (double) sample.size());
  }

  private static long processCpuTime() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Bytes per span by Lucene file kind (stored fields, terms, postings, doc values), inside compound files too. */
  private static long printFileBreakdown(Path dir, long spans) throws IOException {
    Map<String, Long> byExtension = new TreeMap<>();
    long total = 0;
    List<Path> partitions;
    try (Stream<Path> children = Files.list(dir.resolve(LuceneStorage.SPANS_DIR))) {
      partitions = children.toList();
    }
    for (Path partition : partitions) {
      try (Directory directory = FSDirectory.open(partition)) {
        for (String file : directory.listAll()) {
          total += directory.fileLength(file);
        }
        for (SegmentCommitInfo segment : SegmentInfos.readLatestCommit(directory)) {
          SegmentInfo info = segment.info;
          Directory files =
              info.getUseCompoundFile()
                  ? info.getCodec().compoundFormat().getCompoundReader(directory, info)
                  : directory;
          for (String file :
              info.getUseCompoundFile() ? files.listAll() : info.files().toArray(String[]::new)) {
            String extension =
                file.contains(".") ? file.substring(file.lastIndexOf('.') + 1) : file;
            byExtension.merge(extension, files.fileLength(file), Long::sum);
          }
          if (files != directory) {
            files.close();
          }
        }
      }
    }
    System.out.println(
        "Bytes/span by file kind (fdt stored fields, tim/tip/tmd terms, doc postings, dvd doc values):");
    byExtension.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
        .forEach(
            e -> System.out.printf("  %-5s %8.2f%n", e.getKey(), e.getValue() / (double) spans));
    return total;
  }
}
