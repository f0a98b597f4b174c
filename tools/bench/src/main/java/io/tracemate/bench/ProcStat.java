package io.tracemate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** CPU time of a local process from {@code /proc/PID/stat} (Linux), as {@code proc(5)} documents it. */
final class ProcStat {

  /** Linux's USER_HZ on every mainstream architecture; used when {@code getconf} is unavailable. */
  static final long DEFAULT_CLOCK_TICKS = 100;

  private ProcStat() {}

  /**
   * utime + stime of a {@code /proc/PID/stat} line, in seconds. The command name (field 2) is in
   * parentheses and may itself contain spaces and parentheses, so fields are counted from the last
   * ')': utime and stime are fields 14 and 15.
   */
  static double cpuSeconds(String statLine, long clockTicksPerSecond) {
    int close = statLine.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException(
          "not a /proc/PID/stat line (no ')' after the command name): " + abbreviate(statLine));
    }
    String[] fields = statLine.substring(close + 1).trim().split("\\s+");
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    if (fields.length < 13) {
      throw new IllegalArgumentException(
          "/proc/PID/stat line has only "
              + (fields.length + 2)
              + " fields: "
              + abbreviate(statLine));
    }
    try {
      long utime = Long.parseLong(fields[14 - 3]);
      long stime = Long.parseLong(fields[15 - 3]);
      return (utime + stime) / (double) clockTicksPerSecond;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "utime/stime of /proc/PID/stat are not numbers: " + abbreviate(statLine), e);
    }
  }

  static double cpuSeconds(long pid, long clockTicksPerSecond) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    return cpuSeconds(Files.readString(stat, StandardCharsets.US_ASCII), clockTicksPerSecond);
  }

  /** {@code getconf CLK_TCK}, or {@link #DEFAULT_CLOCK_TICKS} if that cannot be run. */
  static long clockTicksPerSecond() {
    try {
      Process process = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      if (!process.waitFor(2, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return DEFAULT_CLOCK_TICKS;
      }
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      long ticks = Long.parseLong(output);
      return ticks > 0 ? ticks : DEFAULT_CLOCK_TICKS;
    } catch (IOException | NumberFormatException e) {
      return DEFAULT_CLOCK_TICKS;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return DEFAULT_CLOCK_TICKS;
    }
  }

  private static String abbreviate(String line) {
    return line.length() <= 120 ? line : line.substring(0, 120) + "...";
  }
}
