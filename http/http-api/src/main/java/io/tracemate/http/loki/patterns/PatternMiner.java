package io.tracemate.http.loki.patterns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Mines the patterns of a set of log lines and counts each pattern's lines per time step, as Loki's
 * {@code /patterns} answers: one {@link Drain} per log level (Loki keeps one per stream and level; here streams
 * of one request share it, so the same message from two pods is one pattern), counts in step buckets aligned to the
 * step ({@code ts - ts % step}, in milliseconds, as Loki truncates), each pattern's samples running from its first
 * to its last bucket with the empty buckets in between as zeros.
 *
 * <p>A line may stand for several ({@code weight}) when the caller samples: the counts are then estimates. Memory
 * is bounded by the Drains' template limit and the buckets that hold lines. Not thread-safe.
 */
public final class PatternMiner {
  private final long stepMillis;
  private final Map<String, Level> levels = new TreeMap<>();

  /** One series of the answer: a pattern, its level and its samples {@code [unix seconds, lines]}. */
  public record PatternSeries(String pattern, String level, List<long[]> samples, long total) {}

  private static final class Level {
    final Drain drain = new Drain();
    final Map<Integer, TreeMap<Long, Long>> counts = new HashMap<>();
  }

  /** @param stepNanos bucket width, at least a millisecond */
  public PatternMiner(long stepNanos) {
    this.stepMillis = Math.max(1, stepNanos / 1_000_000L);
  }

  /**
   * Mines one line.
   *
   * @param weight how many lines it stands for
   * @return whether it was mined (lines too short, too long or with too few tokens are not)
   */
  public boolean add(String level, long timestampNanos, String line, long weight) {
    Tokens tokens = Tokens.of(line);
    if (tokens == null) {
      return false;
    }
    Level state = levels.computeIfAbsent(level, l -> new Level());
    Drain.Template template = state.drain.train(tokens);
    if (template == null) {
      return false;
    }
    long millis = Math.floorDiv(timestampNanos, 1_000_000L);
    long bucket = millis - Math.floorMod(millis, stepMillis);
    state
        .counts
        .computeIfAbsent(template.id, id -> new TreeMap<>())
        .merge(bucket, weight, Long::sum);
    return true;
  }

  /** The patterns kept, most lines first; templates that end up with the same text are merged. */
  public List<PatternSeries> patterns() {
    List<PatternSeries> result = new ArrayList<>();
    for (Map.Entry<String, Level> level : levels.entrySet()) {
      Map<String, TreeMap<Long, Long>> byText = new LinkedHashMap<>();
      for (Drain.Template template : level.getValue().drain.templates()) {
        TreeMap<Long, Long> counts = level.getValue().counts.get(template.id);
        String pattern = template.pattern();
        if (counts == null || pattern.isBlank() || pattern.equals(Drain.WILDCARD)) {
          continue;
        }
        TreeMap<Long, Long> merged = byText.computeIfAbsent(pattern, p -> new TreeMap<>());
        counts.forEach((bucket, lines) -> merged.merge(bucket, lines, Long::sum));
      }
      byText.forEach((pattern, counts) -> result.add(series(pattern, level.getKey(), counts)));
    }
    result.sort(
        Comparator.comparingLong(PatternSeries::total)
            .reversed()
            .thenComparing(PatternSeries::pattern)
            .thenComparing(PatternSeries::level));
    return result;
  }

  private PatternSeries series(String pattern, String level, TreeMap<Long, Long> counts) {
    List<long[]> samples = new ArrayList<>();
    long total = 0;
    for (long bucket = counts.firstKey(); bucket <= counts.lastKey(); bucket += stepMillis) {
      long lines = counts.getOrDefault(bucket, 0L);
      total += lines;
      samples.add(new long[] {Math.floorDiv(bucket, 1000L), lines});
    }
    return new PatternSeries(pattern, level, samples, total);
  }
}
