package io.tracemate.logs.store;

import io.tracemate.logs.LogStoreStats;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * What a new stream costs the embedded store: heap bytes per stream (after GC, store open, streams of one short
 * line each, labels {@code app, env, pod=<unique>}), and the writer's CPU time per stream in slices of the run,
 * so a cost that grows with the number of streams shows as growing slices. Then the same for reopening (the
 * label index rebuilt from index.log and the heads from the journal).
 *
 * <pre>
 * java -Xmx2g -cp ... io.tracemate.logs.store.ManyStreamsBenchmark [streams=300000] [dir]
 * </pre>
 */
public final class ManyStreamsBenchmark {
  private ManyStreamsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int streams = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("many-streams");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long t0 = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    EmbeddedLogStoreConfig config = EmbeddedLogStoreConfig.defaults(dir);
    long heapBefore = usedHeapAfterGc(memory);
    try (EmbeddedLogStore store = EmbeddedLogStore.open(config)) {
      int slices = 10;
      int perSlice = Math.max(1000, streams / slices);
      long sequence = 1;
      long cpuStart = threads.getCurrentThreadCpuTime();
      long wallStart = System.nanoTime();
      for (int done = 0; done < streams; done += perSlice) {
        int count = Math.min(perSlice, streams - done);
        long sliceCpu = threads.getCurrentThreadCpuTime();
        sequence = ManyStreamsTest.writeStreams(store, done, count, t0, sequence);
        System.out.printf(
            Locale.ROOT,
            "streams %,9d..%,9d: %.2f us CPU per new stream%n",
            done,
            done + count,
            (threads.getCurrentThreadCpuTime() - sliceCpu) / 1e3 / count);
      }
      long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
      long wall = System.nanoTime() - wallStart;
      long heap = usedHeapAfterGc(memory) - heapBefore;
      LabelIndex.Footprint index = store.partitions().iterator().next().labelIndex().footprint();
      System.out.printf(
          Locale.ROOT,
          "%,d streams written: %.2f s CPU, %.2f s wall; heap %.0f bytes per stream "
              + "(entries and labels included); label index %,d lists, %,d postings, %,d slots, %,d copied%n",
          streams,
          cpu / 1e9,
          wall / 1e9,
          (double) heap / streams,
          index.postingLists(),
          index.postings(),
          index.slots(),
          index.copiedSlots());
      long flushCpu = threads.getCurrentThreadCpuTime();
      store.writer().flush();
      System.out.printf(
          Locale.ROOT, "flush: %.2f s CPU%n", (threads.getCurrentThreadCpuTime() - flushCpu) / 1e9);
    }
    long reopenCpu = threads.getCurrentThreadCpuTime();
    try (EmbeddedLogStore store = EmbeddedLogStore.open(config)) {
      long cpu = threads.getCurrentThreadCpuTime() - reopenCpu;
      LogStoreStats stats = store.stats();
      System.out.printf(
          Locale.ROOT,
          "reopen: %.2f s CPU for %,d streams; %.1f bytes on disk per stream%n",
          cpu / 1e9,
          stats.streams(),
          (double) stats.bytesOnDisk() / stats.streams());
    }
  }

  private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
