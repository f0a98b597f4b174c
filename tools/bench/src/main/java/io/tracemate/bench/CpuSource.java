package io.tracemate.bench;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** Where the server's cumulative CPU time comes from. */
sealed interface CpuSource {

  /** Cumulative CPU seconds of the server, or null when unavailable right now. */
  Double read();

  String describe();

  /** {@code /proc/PID/stat} utime + stime of a local server process. */
  record ProcStatCpu(long pid, long clockTicksPerSecond) implements CpuSource {
    @Override
    public Double read() {
      try {
        return ProcStat.cpuSeconds(pid, clockTicksPerSecond);
      } catch (IOException | IllegalArgumentException e) {
        return null;
      }
    }

    @Override
    public String describe() {
      return "/proc/" + pid + "/stat (" + clockTicksPerSecond + " ticks/s)";
    }
  }

  /** The server's own {@code process_cpu_seconds_total}. */
  record MetricsCpu(Supplier<Map<String, Double>> scrape, String url) implements CpuSource {
    @Override
    public Double read() {
      return scrape.get().get(BenchRunner.PROCESS_CPU);
    }

    @Override
    public String describe() {
      return BenchRunner.PROCESS_CPU + " at " + url;
    }
  }

  /** Neither a PID nor a CPU metric: CPU is not reported. */
  record None() implements CpuSource {
    @Override
    public Double read() {
      return null;
    }

    @Override
    public String describe() {
      return "nowhere (pass --server-pid or expose " + BenchRunner.PROCESS_CPU + ")";
    }
  }
}
