package io.tracemate.receivers.logs;

/**
 * Log limits for tests: {@link LogLimits#DEFAULTS} (Loki's) but for the limits a test sets, so that each test
 * names only the limits it is about.
 */
public final class TestLimits {
  private static final LogLimits DEFAULTS = LogLimits.DEFAULTS;

  private double ingestionRateMb = DEFAULTS.ingestionRateMb();
  private double ingestionBurstSizeMb = DEFAULTS.ingestionBurstSizeMb();
  private long perStreamRateLimitBytes = DEFAULTS.perStreamRateLimitBytes();
  private long perStreamRateLimitBurstBytes = DEFAULTS.perStreamRateLimitBurstBytes();
  private int maxLabelNamesPerSeries = DEFAULTS.maxLabelNamesPerSeries();
  private int maxLabelNameLength = DEFAULTS.maxLabelNameLength();
  private int maxLabelValueLength = DEFAULTS.maxLabelValueLength();
  private long maxLineSizeBytes = DEFAULTS.maxLineSizeBytes();
  private boolean maxLineSizeTruncate = DEFAULTS.maxLineSizeTruncate();
  private boolean rejectOldSamples = DEFAULTS.rejectOldSamples();

  private TestLimits() {}

  public static TestLimits defaults() {
    return new TestLimits();
  }

  /** The tenant's rate and burst, in MiB as Loki's {@code ingestion_rate_mb}. */
  public TestLimits ingestionRate(double rateMb, double burstMb) {
    ingestionRateMb = rateMb;
    ingestionBurstSizeMb = burstMb;
    return this;
  }

  public TestLimits perStreamRate(long bytes, long burstBytes) {
    perStreamRateLimitBytes = bytes;
    perStreamRateLimitBurstBytes = burstBytes;
    return this;
  }

  public TestLimits labels(int maxNamesPerSeries, int maxNameLength, int maxValueLength) {
    maxLabelNamesPerSeries = maxNamesPerSeries;
    maxLabelNameLength = maxNameLength;
    maxLabelValueLength = maxValueLength;
    return this;
  }

  /** {@code max_line_size} (0: no limit) and {@code max_line_size_truncate}. */
  public TestLimits maxLineSize(long bytes, boolean truncate) {
    maxLineSizeBytes = bytes;
    maxLineSizeTruncate = truncate;
    return this;
  }

  public TestLimits rejectOldSamples(boolean reject) {
    rejectOldSamples = reject;
    return this;
  }

  public LogLimits build() {
    return new LogLimits(
        ingestionRateMb,
        ingestionBurstSizeMb,
        perStreamRateLimitBytes,
        perStreamRateLimitBurstBytes,
        maxLabelNamesPerSeries,
        maxLabelNameLength,
        maxLabelValueLength,
        maxLineSizeBytes,
        maxLineSizeTruncate,
        rejectOldSamples,
        DEFAULTS.rejectOldSamplesMaxAge(),
        DEFAULTS.outOfOrderTimeWindow(),
        DEFAULTS.creationGracePeriod(),
        DEFAULTS.cardinalityThreshold(),
        DEFAULTS.cardinalityWindow());
  }
}
